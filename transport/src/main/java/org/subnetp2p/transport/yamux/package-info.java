/**
 * The Yamux stream multiplexer ({@code /yamux/1.0.0}) on Netty.
 *
 * <p>{@link org.subnetp2p.transport.yamux.YamuxSession} is the last handler of a connection's
 * pipeline; it hands out {@link org.subnetp2p.transport.yamux.YamuxStream}s, blocking {@link
 * org.subnetp2p.core.host.Stream}s with per-stream flow control. Internal to the transport module.
 */
package org.subnetp2p.transport.yamux;
