/**
 * The libp2p utility protocols every host serves: identify, ping and perf. They work over the core
 * {@link org.subnetp2p.core.host.Host} API, so they run on any host implementation.
 */
package org.subnetp2p.transport.protocols;
