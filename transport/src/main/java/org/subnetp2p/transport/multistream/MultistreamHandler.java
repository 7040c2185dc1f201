package org.subnetp2p.transport.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.subnetp2p.core.host.ProtocolNotSupportedException;

/**
 * Runs multistream-select on a connection's pipeline (to pick the security protocol, then the
 * muxer). When a protocol is agreed it calls {@code onSelected}, which installs the next handlers
 * after this one, and then removes itself; bytes that arrived behind the last negotiation message
 * flow on to those handlers.
 */
public final class MultistreamHandler extends ByteToMessageDecoder {
  private final DialerNegotiation dialer;
  private final ListenerNegotiation listener;
  private final BiConsumer<ChannelHandlerContext, String> onSelected;
  private final CompletableFuture<String> result = new CompletableFuture<>();
  private boolean started;
  private boolean headerSeen;

  private static final int HEADER_LENGTH = MultistreamMessages.HEADER.length() + 1;

  private MultistreamHandler(
      DialerNegotiation dialer,
      ListenerNegotiation listener,
      BiConsumer<ChannelHandlerContext, String> onSelected) {
    this.dialer = dialer;
    this.listener = listener;
    this.onSelected = onSelected;
  }

  /** The dialer's side, proposing {@code protocols} in order. */
  public static MultistreamHandler dialer(
      List<String> protocols, BiConsumer<ChannelHandlerContext, String> onSelected) {
    return new MultistreamHandler(new DialerNegotiation(protocols), null, onSelected);
  }

  /** The listener's side, accepting any of {@code protocols}. */
  public static MultistreamHandler listener(
      List<String> protocols, BiConsumer<ChannelHandlerContext, String> onSelected) {
    List<String> copy = List.copyOf(protocols);
    return new MultistreamHandler(
        null, new ListenerNegotiation(copy::contains, () -> copy), onSelected);
  }

  /** Completes with the agreed protocol, or fails; the channel is closed on failure. */
  public CompletableFuture<String> result() {
    return result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      startDialing(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startDialing(ctx);
    super.channelActive(ctx);
  }

  /** The dialer speaks first, once, whether added before or after the channel went active. */
  private void startDialing(ChannelHandlerContext ctx) {
    if (dialer != null && !started) {
      started = true;
      send(ctx, dialer.start());
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    while (!result.isDone()) {
      String message = readMessage(in, awaitingHeader());
      if (message == null) {
        return;
      }
      headerSeen = true;
      byte[] reply = dialer != null ? dialer.onMessage(message) : listener.onMessage(message);
      send(ctx, reply);
      String selected = dialer != null ? dialer.selected() : listener.selected();
      if (selected != null) {
        result.complete(selected);
        onSelected.accept(ctx, selected);
        ctx.pipeline().remove(this);
        return;
      }
      if (dialer != null && dialer.isDone()) {
        throw new ProtocolNotSupportedException(dialer.protocols());
      }
    }
  }

  private boolean awaitingHeader() {
    return !headerSeen;
  }

  /** One whole message from {@code in}, or null (and nothing consumed) if it has not all come. */
  private static String readMessage(ByteBuf in, boolean header) throws MultistreamException {
    in.markReaderIndex();
    long length = 0;
    int shift = 0;
    while (true) {
      if (!in.isReadable()) {
        in.resetReaderIndex();
        return null;
      }
      byte b = in.readByte();
      length |= (long) (b & 0x7F) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        break;
      }
      if (shift >= 21) { // three varint bytes already exceed any message we accept
        throw new MultistreamException("multistream message length prefix too long");
      }
    }
    if (header && length != HEADER_LENGTH) {
      // Fail fast on whatever is not libp2p (an HTTP request, a port scanner, noise).
      throw new MultistreamException(
          "expected the "
              + MultistreamMessages.HEADER
              + " header, got a "
              + length
              + "-byte message: not a libp2p peer");
    }
    MultistreamMessages.requireAcceptableLength(length);
    if (in.readableBytes() < length) {
      in.resetReaderIndex();
      return null;
    }
    byte[] body = new byte[(int) length];
    in.readBytes(body);
    return MultistreamMessages.decodeBody(body);
  }

  private static void send(ChannelHandlerContext ctx, byte[] bytes) {
    if (bytes.length > 0) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable error =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    result.completeExceptionally(error);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    result.completeExceptionally(
        new MultistreamException("connection closed during protocol negotiation"));
    super.channelInactive(ctx);
  }
}
