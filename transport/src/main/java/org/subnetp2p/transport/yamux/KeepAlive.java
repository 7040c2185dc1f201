package org.subnetp2p.transport.yamux;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.transport.tcp.OrderlyClose;

/**
 * A session's pings: those awaiting an answer, the round-trip time they measure (which drives the
 * growth of receive windows), and the keep-alive that pings on a timer and closes the session when
 * the peer stops answering. Pings are state of their own, apart from streams and frames.
 */
final class KeepAlive {
  private static final Logger log = LoggerFactory.getLogger(KeepAlive.class);

  /** Pings awaiting an answer beyond this fail at once: a silent peer cannot grow the table. */
  static final int MAX_PENDING_PINGS = 64;

  /** While streams update windows, the RTT is sampled again this often. */
  private static final long RTT_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private record PendingPing(long startNanos, CompletableFuture<Duration> future) {}

  private final YamuxSession session;
  private final YamuxConfig config;
  private volatile long rttNanos;
  private final AtomicLong rttSampledAt = new AtomicLong(System.nanoTime());
  private volatile boolean peerUnresponsive;

  // Event loop only.
  private final Map<Integer, PendingPing> pings = new HashMap<>();
  private int nextPingId;
  private ScheduledFuture<?> keepAlive;
  private CompletableFuture<Duration> keepAlivePing;

  KeepAlive(YamuxSession session, YamuxConfig config) {
    this.session = session;
    this.config = config;
  }

  /** See {@link YamuxSession#ping()}. */
  CompletableFuture<Duration> ping() {
    CompletableFuture<Duration> future = new CompletableFuture<>();
    boolean posted =
        session.execute(
            () -> {
              if (!session.isOpen()) {
                future.completeExceptionally(session.closedException());
                return;
              }
              if (pings.size() >= MAX_PENDING_PINGS) {
                future.completeExceptionally(
                    new StreamResetException(
                        "yamux ping: " + MAX_PENDING_PINGS + " pings already unanswered"));
                return;
              }
              int opaque = nextPingId++;
              pings.put(opaque, new PendingPing(System.nanoTime(), future));
              session.writeControl(
                  YamuxFrame.Type.PING, YamuxFrame.FLAG_SYN, 0, Integer.toUnsignedLong(opaque));
            });
    if (!posted) {
      future.completeExceptionally(session.closedException());
    }
    return future;
  }

  /** The answer to our ping {@code opaque}, on the event loop. */
  void onPong(int opaque) {
    PendingPing ping = pings.remove(opaque);
    if (ping != null) {
      long rtt = Math.max(1, System.nanoTime() - ping.startNanos());
      // The minimum: the path's own delay, without queueing behind data or a cold start.
      long min = rttNanos;
      rttNanos = min == 0 ? rtt : Math.min(min, rtt);
      ping.future().complete(Duration.ofNanos(rtt));
    }
  }

  /**
   * The minimum RTT, for window growth. Asking also refreshes it now and then: a single sample
   * taken while the JVM or the path was cold would otherwise overstate it for good.
   */
  long rttNanos() {
    long now = System.nanoTime();
    long sampled = rttSampledAt.get();
    if (now - sampled > RTT_REFRESH_NANOS && rttSampledAt.compareAndSet(sampled, now)) {
      ping();
    }
    return rttNanos;
  }

  /** See {@link YamuxSession#rtt()}. */
  Duration rtt() {
    long rtt = rttNanos;
    return rtt == 0 ? null : Duration.ofNanos(rtt);
  }

  boolean peerUnresponsive() {
    return peerUnresponsive;
  }

  /** Takes a first RTT sample and starts the keep-alive timer, on the event loop. */
  void start(ChannelHandlerContext ctx) {
    // A first RTT sample lets receive windows grow from the first transfer on.
    ping();
    long interval = config.keepAliveInterval().toNanos();
    if (interval > 0) {
      keepAlive =
          ctx.executor()
              .scheduleAtFixedRate(() -> tick(ctx), interval, interval, TimeUnit.NANOSECONDS);
    }
  }

  /** Pings the peer; one that does not answer within the keep-alive timeout is gone. */
  private void tick(ChannelHandlerContext ctx) {
    if (!session.isOpen() || (keepAlivePing != null && !keepAlivePing.isDone())) {
      return;
    }
    CompletableFuture<Duration> ping = ping();
    keepAlivePing = ping;
    Duration timeout = config.keepAliveTimeout();
    ScheduledFuture<?> check =
        ctx.executor()
            .schedule(
                () -> expired(ctx, ping, timeout, false), timeout.toNanos(), TimeUnit.NANOSECONDS);
    ping.whenComplete((rtt, e) -> check.cancel(false));
  }

  /**
   * The keep-alive ping's deadline passed. Before calling the peer gone, this side reads what the
   * peer sent: the check may run in the same pass of the event loop as a long stretch of other work
   * (a process starved of CPU, a GC pause, thousands of handshakes), which began after the loop
   * last read its sockets, so the answer may be waiting unread. A task scheduled now runs after the
   * loop's next read of its sockets, so the last look is one task later.
   */
  private void expired(
      ChannelHandlerContext ctx,
      CompletableFuture<Duration> ping,
      Duration timeout,
      boolean lastLook) {
    if (!session.isOpen() || ping.isDone()) {
      return;
    }
    if (!lastLook) {
      ScheduledFuture<?> again =
          ctx.executor().schedule(() -> expired(ctx, ping, timeout, true), 0, TimeUnit.NANOSECONDS);
      ping.whenComplete((rtt, e) -> again.cancel(false));
      return;
    }
    log.info(
        "yamux keep-alive: no answer from {} within {} ms; closing the session",
        ctx.channel().remoteAddress(),
        timeout.toMillis());
    peerUnresponsive = true;
    session.setCloseReason(
        SessionEnd.KEEP_ALIVE_TIMEOUT,
        "yamux keep-alive: the peer did not answer within " + timeout.toMillis() + " ms");
    OrderlyClose.closeAbruptly(ctx.channel()); // it would neither read nor answer a FIN
  }

  /** The session ended: stops the timer and fails the pings awaiting an answer. */
  void stop(String reason) {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    for (PendingPing ping : pings.values()) {
      ping.future().completeExceptionally(new StreamResetException(reason));
    }
    pings.clear();
  }
}
