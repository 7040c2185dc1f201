package org.subnetp2p.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TCP connection without losing what was written before the close: the handler nearest the
 * socket, it turns a close into "send everything, half-close, wait for the remote's end, close".
 *
 * <p>Why each step. Netty's close drops what its outbound buffer still holds, so the close waits
 * (at most {@link #FLUSH_TIMEOUT}) until the latest write has reached the socket: being nearest the
 * socket, this handler sees every write, and Netty completes write promises in order. Closing a
 * socket whose input holds unread bytes (a window update or a ping the remote sent a moment before)
 * makes the kernel answer with RST and discard what it has not transmitted yet: the last frames of
 * an orderly close, or a response written just before it. So the connection half-closes instead
 * (FIN follows the data), keeps reading until the remote closes its side, which Netty turns into
 * the channel's close, and closes anyway after {@link #LINGER}. Frames that arrive meanwhile are
 * read and passed on as usual.
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

  private static final AttributeKey<Boolean> ABRUPT =
      AttributeKey.valueOf(OrderlyClose.class, "abrupt");

  // Event loop only.
  private boolean closing;
  private ChannelFuture lastWrite;

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

  /**
   * Notes the latest write: its promise completes once it, and all before it, reached the socket.
   */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise p = promise.unvoid();
    lastWrite = p;
    ctx.write(msg, p);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channel channel = ctx.channel();
    boolean abrupt = Boolean.TRUE.equals(channel.attr(ABRUPT).get());
    if (abrupt || !channel.isActive() || !(channel instanceof DuplexChannel duplex)) {
      ctx.close(promise);
      return;
    }
    channel.closeFuture().addListener(f -> promise.trySuccess());
    if (closing) {
      return; // the close under way completes this promise too
    }
    closing = true;
    var flushTimeout =
        ctx.executor()
            .schedule(
                () -> {
                  log.debug("{}: data still unwritten after {}; closing", channel, FLUSH_TIMEOUT);
                  ctx.close();
                },
                FLUSH_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> flushTimeout.cancel(false));
    ctx.flush();
    halfCloseWhenWritten(ctx, duplex, flushTimeout);
  }

  /** Half-closes once the latest write (a later one too, if any comes meanwhile) is written. */
  private void halfCloseWhenWritten(
      ChannelHandlerContext ctx, DuplexChannel channel, Future<?> flushTimeout) {
    ChannelFuture last = lastWrite;
    if (last != null && !last.isDone()) {
      last.addListener(f -> halfCloseWhenWritten(ctx, channel, flushTimeout));
      return;
    }
    if (flushTimeout.cancel(false)) { // else the time ran out and the channel is closing
      halfCloseAndLinger(ctx, channel);
    }
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
