/** The libp2p transport on Netty, provided to core as the {@code netty} host provider. */
package org.subnetp2p.transport;
