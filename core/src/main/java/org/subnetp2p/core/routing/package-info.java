/** Peer routing: finding peers by asking other peers. */
package org.subnetp2p.core.routing;
