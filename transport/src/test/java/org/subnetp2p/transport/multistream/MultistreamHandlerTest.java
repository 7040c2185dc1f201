package org.subnetp2p.transport.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.ProtocolNotSupportedException;

/** The pipeline handler: pure logic, so an in-process channel is enough here. */
class MultistreamHandlerTest {

  /** Collects what reaches the handler installed after negotiation. */
  static final class Collector extends ChannelInboundHandlerAdapter {
    final StringBuilder received = new StringBuilder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      received.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
  }

  private static byte[] drain(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    ByteBuf b;
    while ((b = channel.readOutbound()) != null) {
      all.writeBytes(b);
      b.release();
    }
    byte[] out = new byte[all.readableBytes()];
    all.readBytes(out);
    all.release();
    return out;
  }

  @Test
  void listenerSelectsAndHandsTrailingBytesToTheNextHandler() {
    Collector next = new Collector();
    MultistreamHandler handler =
        MultistreamHandler.listener(
            List.of("/noise", "/pos-transport/1.0.0"),
            (ctx, protocol) -> ctx.pipeline().addAfter(ctx.name(), "next", next));
    EmbeddedChannel channel = new EmbeddedChannel(handler);

    byte[] proposal = MultistreamMessages.encode("/multistream/1.0.0", "/pos-transport/1.0.0");
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(proposal).writeBytes("early".getBytes(StandardCharsets.UTF_8));
    channel.writeInbound(in);

    assertThat(handler.result()).isCompletedWithValue("/pos-transport/1.0.0");
    assertThat(drain(channel)).isEqualTo(proposal);
    assertThat(next.received.toString()).isEqualTo("early");
    assertThat(channel.pipeline().get(MultistreamHandler.class)).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void dialerFallsBackThroughItsList() {
    MultistreamHandler handler =
        MultistreamHandler.dialer(List.of("/yamux/2.0.0", "/yamux/1.0.0"), (ctx, p) -> {});
    EmbeddedChannel channel = new EmbeddedChannel(handler);
    assertThat(drain(channel))
        .isEqualTo(MultistreamMessages.encode("/multistream/1.0.0", "/yamux/2.0.0"));

    channel.writeInbound(
        Unpooled.wrappedBuffer(MultistreamMessages.encode("/multistream/1.0.0", "na")));
    assertThat(drain(channel)).isEqualTo(MultistreamMessages.encode("/yamux/1.0.0"));
    // the echo arrives one byte at a time
    for (byte b : MultistreamMessages.encode("/yamux/1.0.0")) {
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }

    assertThat(handler.result()).isCompletedWithValue("/yamux/1.0.0");
    channel.finishAndReleaseAll();
  }

  @Test
  void dialerFailsAndClosesWhenNothingIsSupported() {
    MultistreamHandler handler = MultistreamHandler.dialer(List.of("/a"), (ctx, p) -> {});
    EmbeddedChannel channel = new EmbeddedChannel(handler);
    drain(channel);

    channel.writeInbound(
        Unpooled.wrappedBuffer(MultistreamMessages.encode("/multistream/1.0.0", "na")));

    assertThat(handler.result()).isCompletedExceptionally();
    assertThat(channel.isOpen()).isFalse();
    try {
      handler.result().get();
    } catch (ExecutionException | InterruptedException e) {
      assertThat(e.getCause()).isInstanceOf(ProtocolNotSupportedException.class);
    }
    channel.finishAndReleaseAll();
  }

  @Test
  void oversizedMessageClosesTheChannel() {
    MultistreamHandler handler = MultistreamHandler.listener(List.of("/a"), (ctx, p) -> {});
    EmbeddedChannel channel = new EmbeddedChannel(handler);

    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0x7f}));

    assertThat(handler.result()).isCompletedExceptionally();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void somethingOtherThanTheHeaderFailsAtOnce() {
    MultistreamHandler handler = MultistreamHandler.listener(List.of("/a"), (ctx, p) -> {});
    EmbeddedChannel channel = new EmbeddedChannel(handler);

    channel.writeInbound(
        Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));

    assertThat(handler.result()).isCompletedExceptionally();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }
}
