package org.subnetp2p.transport.host;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.tcp.TcpAddresses;
import org.subnetp2p.transport.yamux.SessionEnd;
import org.subnetp2p.transport.yamux.YamuxSession;
import org.subnetp2p.transport.yamux.YamuxStream;

/** A TCP connection secured by Noise and multiplexed by Yamux. */
final class NettyConnection implements Connection {
  private final NettyHost host;
  private final Channel channel;
  private final PeerId remotePeer;
  private final Direction direction;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;
  private final long establishedNanos = System.nanoTime(); // its handshakes have just completed
  private volatile YamuxSession session;
  private volatile CloseReason hostReason; // the host's own reason to close, when it had one

  NettyConnection(NettyHost host, Channel channel, PeerId remotePeer, Direction direction) {
    this.host = host;
    this.channel = channel;
    this.remotePeer = remotePeer;
    this.direction = direction;
    this.remoteAddress = TcpAddresses.of((InetSocketAddress) channel.remoteAddress());
    this.localAddress = TcpAddresses.of((InetSocketAddress) channel.localAddress());
  }

  void attach(YamuxSession session) {
    this.session = session;
  }

  Channel channel() {
    return channel;
  }

  /** When its handshakes completed, in {@link System#nanoTime()}'s terms. */
  long establishedNanos() {
    return establishedNanos;
  }

  @Override
  public PeerId remotePeer() {
    return remotePeer;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("at least one protocol must be proposed");
    }
    List<String> proposals = List.copyOf(protocols);
    return session.openStream().thenCompose(raw -> negotiate(raw, proposals));
  }

  /**
   * A stream whose proposal leaves with the first write, and whose Yamux stream opens only when
   * needed: a small request written and half-closed leaves with the SYN, in one socket write. No
   * thread, no wait for the event loop, no round trip before the caller can write.
   */
  @Override
  public CompletableFuture<Stream> newStreamOptimistic(String protocol) {
    return CompletableFuture.completedFuture(new DeferredOpenStream(this, session, protocol));
  }

  /** Agrees on a protocol on a virtual thread, within the host's negotiation timeout. */
  private CompletableFuture<Stream> negotiate(YamuxStream raw, List<String> protocols) {
    CompletableFuture<Stream> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("negotiate " + protocols.get(0) + " with " + remotePeer)
        .start(
            () -> {
              try {
                Instant deadline = Instant.now().plus(host.config().negotiationTimeout());
                raw.setReadDeadline(deadline);
                raw.setWriteDeadline(deadline);
                String protocol = StreamNegotiator.select(raw, protocols);
                raw.setReadDeadline(null);
                raw.setWriteDeadline(null);
                raw.setProtocol(protocol);
                host.meters().streamOpened(protocol, Direction.OUTBOUND);
                result.complete(raw);
              } catch (Exception e) {
                raw.reset();
                result.completeExceptionally(e);
              }
            });
    // A caller that gives up (cancels) must not leak the stream.
    result.whenComplete(
        (s, e) -> {
          if (result.isCancelled()) {
            raw.reset();
          }
        });
    return result;
  }

  HostMeters meters() {
    return host.meters();
  }

  @Override
  public int streamCount() {
    YamuxSession s = session;
    return s == null ? 0 : s.streamCount();
  }

  /** The Yamux session's smallest ping round trip: the one sent at start, then keep-alives. */
  @Override
  public Optional<Duration> roundTripTime() {
    YamuxSession s = session;
    return s == null ? Optional.empty() : Optional.ofNullable(s.rtt());
  }

  /** Whether the connection ended because the peer stopped answering keep-alive pings. */
  boolean peerUnresponsive() {
    YamuxSession s = session;
    return s != null && s.peerUnresponsive();
  }

  /** The Yamux session, for tests; null before the upgrade finished. */
  YamuxSession session() {
    return session;
  }

  @Override
  public boolean isOpen() {
    YamuxSession s = session;
    return channel.isActive() && s != null && s.acceptsNewStreams();
  }

  /**
   * Closes it for one of the host's own reasons (idle, duplicate, ...), which the close reports.
   */
  CompletableFuture<Void> close(CloseReason reason) {
    if (hostReason == null) {
      hostReason = reason;
    }
    return close();
  }

  /**
   * Why it closed (or is closing): the host's own reason if it had one, else what ended the Yamux
   * session; {@link CloseReason#CONNECTION_LOST} if neither says.
   */
  CloseReason closeReason() {
    CloseReason own = hostReason;
    if (own != null) {
      return own;
    }
    YamuxSession s = session;
    SessionEnd end = s == null ? null : s.end();
    return end == null ? CloseReason.CONNECTION_LOST : CloseReason.of(end);
  }

  /** The session's words on why it closed, for the log; empty before it is attached. */
  String closeDetail() {
    YamuxSession s = session;
    String detail = s == null ? null : s.closeReason();
    return detail == null ? "" : detail;
  }

  @Override
  public CompletableFuture<Void> close() {
    YamuxSession s = session;
    if (s != null) {
      s.close();
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channel.close().addListener(f -> closed.complete(null));
    return closed;
  }

  @Override
  public String toString() {
    return direction.name().toLowerCase(java.util.Locale.ROOT)
        + " connection with "
        + remotePeer
        + " at "
        + remoteAddress;
  }
}
