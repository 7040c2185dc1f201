package org.subnetp2p.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TCP connection without losing what was written before the close: the handler nearest the
 * socket, it turns a close into "send everything, half-close, wait for the remote's end, close".
 *
 * <p>Why each step. Netty's close drops what its outbound buffer still holds, so the close waits
 * (at most {@link #FLUSH_TIMEOUT}) until the buffer is written. Closing a socket whose input holds
 * unread bytes (a window update or a ping the remote sent a moment before) makes the kernel answer
 * with RST and discard what it has not transmitted yet: the last frames of an orderly close, or a
 * response written just before it. So the connection half-closes instead (FIN follows the data),
 * keeps reading until the remote closes its side, which Netty turns into the channel's close, and
 * closes anyway after {@link #LINGER}. Frames that arrive meanwhile are read and passed on as
 * usual.
 *
 * <p>{@link #closeAbruptly} skips all this where waiting has no point: the remote stopped answering
 * or reading, or stalled the handshake.
 *
 * <p>Add it as the first handler of the pipeline (nearest the socket), one instance per channel.
 */
public final class OrderlyClose extends ChannelOutboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(OrderlyClose.class);

  /** How long a close waits for Netty's outbound buffer to be written: a stalled remote no more. */
  public static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

  /** How long a half-closed connection waits for the remote to close its side. */
  public static final Duration LINGER = Duration.ofSeconds(2);

  private static final long FLUSH_POLL_MILLIS = 10;
  private static final AttributeKey<Boolean> ABRUPT =
      AttributeKey.valueOf(OrderlyClose.class, "abrupt");

  private boolean closing; // event loop only

  /**
   * Closes the channel of {@code ctx} from that handler down, at once: no flush wait, no linger.
   */
  public static void closeAbruptly(ChannelHandlerContext ctx) {
    ctx.channel().attr(ABRUPT).set(Boolean.TRUE);
    ctx.close();
  }

  /** Closes {@code channel} at once, like {@link #closeAbruptly(ChannelHandlerContext)}. */
  public static void closeAbruptly(Channel channel) {
    channel.attr(ABRUPT).set(Boolean.TRUE);
    channel.close();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channel channel = ctx.channel();
    boolean abrupt = Boolean.TRUE.equals(channel.attr(ABRUPT).get());
    if (abrupt || !channel.isActive() || !(channel instanceof DuplexChannel)) {
      ctx.close(promise);
      return;
    }
    channel.closeFuture().addListener(f -> promise.trySuccess());
    if (closing) {
      return; // the close under way completes this promise too
    }
    closing = true;
    closeWhenWritten(ctx, System.nanoTime() + FLUSH_TIMEOUT.toNanos());
  }

  private void closeWhenWritten(ChannelHandlerContext ctx, long deadline) {
    Channel channel = ctx.channel();
    if (!channel.isActive() || Boolean.TRUE.equals(channel.attr(ABRUPT).get())) {
      ctx.close();
      return;
    }
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    if (out == null || out.isEmpty()) {
      halfCloseAndLinger(ctx, (DuplexChannel) channel);
      return;
    }
    if (System.nanoTime() - deadline >= 0) {
      log.debug(
          "{}: {} bytes still unwritten after {}; closing",
          channel.remoteAddress(),
          out.totalPendingWriteBytes(),
          FLUSH_TIMEOUT);
      ctx.close();
      return;
    }
    // No event says "all written": the buffer is looked at again shortly.
    ctx.executor()
        .schedule(() -> closeWhenWritten(ctx, deadline), FLUSH_POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static void halfCloseAndLinger(ChannelHandlerContext ctx, DuplexChannel channel) {
    var linger =
        ctx.executor()
            .schedule(
                () -> {
                  log.debug(
                      "{}: the remote kept its side open for {}; closing",
                      channel.remoteAddress(),
                      LINGER);
                  ctx.close();
                },
                LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> linger.cancel(false));
    // The remote's end shows only to a read; reading may have been paused for backpressure.
    channel.config().setAutoRead(true);
    if (channel.isOutputShutdown()) {
      return;
    }
    channel
        .shutdownOutput()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                ctx.close();
              }
            });
  }
}
