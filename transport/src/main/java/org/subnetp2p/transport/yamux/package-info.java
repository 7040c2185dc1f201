/**
 * The Yamux stream multiplexer ({@code /yamux/1.0.0}) on Netty.
 *
 * <p>{@link org.subnetp2p.transport.yamux.YamuxSession} is the last handler of a connection's
 * pipeline; it hands out {@link org.subnetp2p.transport.yamux.YamuxStream}s, blocking {@link
 * org.subnetp2p.core.host.Stream}s with per-stream flow control. Internal to the transport module.
 *
 * <p>The session's parts: {@code StreamTable} (the streams by id), {@code OutboundOpens} (streams
 * opened and not yet acknowledged), {@code InboundFrames} (what each frame does), {@code KeepAlive}
 * (pings and RTT) and {@code SessionMemory} (the connection's buffer budgets). A stream's parts:
 * {@code StreamSender} (the remote's window, frames, FIN after the last one), {@code
 * StreamReceiver} (the queue to the reader, window granted as it reads), {@code StreamMemory} (what
 * buffered data costs) and {@code StreamLifecycle} (FIN each way, reset, leaving the session).
 */
package org.subnetp2p.transport.yamux;
