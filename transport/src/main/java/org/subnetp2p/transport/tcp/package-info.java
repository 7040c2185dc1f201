/**
 * What is TCP-specific in the transport: multiaddr to socket address and back ({@link
 * org.subnetp2p.transport.tcp.TcpAddresses}), and the options and handshake deadline every TCP
 * channel gets ({@link org.subnetp2p.transport.tcp.TcpChannels}). The host package assembles
 * connections on top of it. Internal to the transport module.
 */
package org.subnetp2p.transport.tcp;
