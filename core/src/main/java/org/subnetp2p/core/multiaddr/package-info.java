/**
 * Multiaddrs: self-describing, composable network addresses, in their text ({@code
 * /ip4/192.0.2.42/tcp/443}) and binary forms.
 */
package org.subnetp2p.core.multiaddr;
