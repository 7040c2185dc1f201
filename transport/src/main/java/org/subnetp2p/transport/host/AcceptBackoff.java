package org.subnetp2p.transport.host;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listener's channel: when accepting fails (above all "Too many open files": the process is at
 * its descriptor limit), stops accepting for a while, longer while it keeps failing, and says so at
 * WARN once per {@link #WARN_PERIOD} for all the host's listeners. The connections already held are
 * untouched: waiting clients stay in the kernel's backlog until a descriptor frees up or their dial
 * times out. An accept that succeeds resets the pause.
 */
final class AcceptBackoff extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptBackoff.class);

  static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  static final Duration MAX_PAUSE = Duration.ofSeconds(5);
  static final Duration WARN_PERIOD = Duration.ofSeconds(30);

  /** Shared by one host's listeners: one WARN per period, however many listeners fail. */
  static final class Warnings {
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - period());
    private final AtomicLong suppressed = new AtomicLong();

    private static long period() {
      return WARN_PERIOD.toNanos();
    }

    /** The failures since the last WARN (this one included) if one is due now, else -1. */
    long due() {
      long now = System.nanoTime();
      long last = lastWarnNanos.get();
      if (now - last >= period() && lastWarnNanos.compareAndSet(last, now)) {
        return suppressed.getAndSet(0) + 1;
      }
      suppressed.incrementAndGet();
      return -1;
    }
  }

  private final Warnings warnings;
  private final HostMeters meters;
  private long pauseNanos = FIRST_PAUSE.toNanos(); // event loop only

  AcceptBackoff(Warnings warnings, HostMeters meters) {
    this.warnings = warnings;
    this.meters = meters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object accepted) {
    pauseNanos = FIRST_PAUSE.toNanos();
    ctx.fireChannelRead(accepted);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    meters.acceptFailed();
    long pause = pauseNanos;
    pauseNanos = Math.min(MAX_PAUSE.toNanos(), pause * 2);
    long failures = warnings.due();
    if (failures > 0) {
      LOG.warn(
          "cannot accept connections on {}: {}; not accepting for {} ms, the connections held stay"
              + " ({} failed accepts in the last {} s)",
          ctx.channel().localAddress(),
          cause.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(pause),
          failures,
          WARN_PERIOD.toSeconds());
    }
    // Not passed on: Netty's own handling would log a stack trace a second per listener.
    ctx.channel().config().setAutoRead(false);
    ctx.executor()
        .schedule(
            () -> {
              ctx.channel().config().setAutoRead(true);
            },
            pause,
            TimeUnit.NANOSECONDS);
  }
}
