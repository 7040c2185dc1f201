package org.subnetp2p.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.DialException;

/**
 * What every TCP channel of the host gets, dialled or accepted: the same write-buffer water marks,
 * and a deadline on its upgrade so that a peer that stalls the handshake cannot hold a channel.
 */
public final class TcpChannels {
  public static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private TcpChannels() {}

  /**
   * Closes a channel whose upgrade (its result, {@code upgrade}) has not finished within {@code
   * timeout}.
   */
  public static void limitHandshake(Channel ch, CompletableFuture<?> upgrade, Duration timeout) {
    var timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!upgrade.isDone()) {
                    upgrade.completeExceptionally(
                        new DialException(
                            "handshake with "
                                + ch.remoteAddress()
                                + " did not finish within "
                                + timeout.toMillis()
                                + " ms"));
                    OrderlyClose.closeAbruptly(ch);
                  }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    upgrade.whenComplete((c, e) -> timer.cancel(false));
  }
}
