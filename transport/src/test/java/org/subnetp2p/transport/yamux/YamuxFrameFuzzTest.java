package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.subnetp2p.transport.testing.CountedBuffers;

/**
 * Yamux against a remote that sends any bytes, in any fragmentation. The frame decoder fails only
 * with {@link YamuxProtocolException}, never passes on a data frame larger than its limit, and what
 * it decodes encodes back to the bytes it consumed. A whole session lets no exception escape the
 * pipeline, holds no more inbound streams than its limit, and once the connection is gone has reset
 * every stream and released every buffer.
 *
 * <p>Input: byte 0 picks decoder alone or session (even, odd), byte 1 the size of each read
 * (1-256), the rest is what the remote sends.
 */
class YamuxFrameFuzzTest {
  private static final long MAX_DATA = 64 << 10;
  private static final YamuxConfig CONFIG = YamuxConfig.builder().maxInboundStreams(16).build();

  /** Keeps each decoded frame's encoding, releasing its payload. */
  private static final class Reencoder extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream encoded = new ByteArrayOutputStream();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      YamuxFrame frame = (YamuxFrame) msg;
      assertThat(frame.length).isBetween(0L, 0xFFFF_FFFFL);
      ByteBuf out;
      if (frame.type == YamuxFrame.Type.DATA) {
        assertThat(frame.length)
            .isLessThanOrEqualTo(MAX_DATA)
            .isEqualTo(frame.data.readableBytes());
        byte[] payload = new byte[frame.data.readableBytes()];
        frame.data.getBytes(frame.data.readerIndex(), payload);
        out = YamuxFrame.data(ByteBufAllocator.DEFAULT, frame.streamId, payload, 0, payload.length);
        out.setShort(2, frame.flags); // data() writes no flags
      } else {
        out =
            YamuxFrame.header(
                ByteBufAllocator.DEFAULT, frame.type, frame.flags, frame.streamId, frame.length);
      }
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      out.release();
      encoded.writeBytes(bytes);
      frame.release();
    }
  }

  @FuzzTest
  void decode(byte[] input) {
    boolean session = input.length > 0 && (input[0] & 1) == 1;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] wire = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    if (session) {
      session(wire, piece);
    } else {
      decoder(wire, piece);
    }
  }

  private static void decoder(byte[] wire, int piece) {
    CountedBuffers buffers = new CountedBuffers();
    Reencoder frames = new Reencoder();
    EmbeddedChannel channel = buffers.channel(new YamuxFrameDecoder(MAX_DATA), frames);
    boolean failed = false;
    for (int at = 0; at < wire.length; at += piece) {
      try {
        channel.writeInbound(buffers.copyOf(wire, at, Math.min(wire.length, at + piece)));
      } catch (YamuxProtocolException refused) { // the decoder's one exception, passed up
        failed = true;
      }
    }
    byte[] encoded = frames.encoded.toByteArray();
    assertThat(wire.length).isGreaterThanOrEqualTo(encoded.length);
    assertThat(Arrays.copyOf(wire, encoded.length)).isEqualTo(encoded); // decoded what was sent
    if (!failed) { // all that is left is the start of one frame
      assertThat(wire.length - encoded.length)
          .isLessThan(YamuxFrame.HEADER_LENGTH + (int) MAX_DATA);
    }
    channel.finishAndReleaseAll();
    assertThat(buffers.outstanding()).as("bytes of buffers not released").isZero();
  }

  private static void session(byte[] wire, int piece) {
    CountedBuffers buffers = new CountedBuffers();
    List<YamuxStream> inbound = new ArrayList<>();
    YamuxSession session = new YamuxSession(YamuxSession.Role.SERVER, inbound::add, CONFIG);
    EmbeddedChannel channel = buffers.channel(session);
    for (int at = 0; at < wire.length && channel.isOpen(); at += piece) {
      channel.writeInbound(buffers.copyOf(wire, at, Math.min(wire.length, at + piece)));
      channel.runPendingTasks();
      channel.checkException(); // the session answers protocol errors itself: nothing escapes
      assertThat(session.streamCount()).isLessThanOrEqualTo(CONFIG.maxInboundStreams());
      CountedBuffers.drainOutbound(channel);
    }
    channel.finishAndReleaseAll();
    assertThat(session.isOpen()).isFalse();
    assertThat(session.closeFuture()).isDone();
    assertThat(inbound).allSatisfy(stream -> assertThat(stream.isClosed()).isTrue());
    // What arrived before the end stays readable until its stream's owner closes it.
    inbound.forEach(YamuxStream::close);
    assertThat(session.memoryUsed()).as("bytes still counted").isZero();
    assertThat(buffers.outstanding()).as("bytes of buffers not released").isZero();
  }
}
