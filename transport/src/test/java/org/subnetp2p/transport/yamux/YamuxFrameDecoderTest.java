package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YamuxFrameDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(1024 * 1024));

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private static ByteBuf header(int version, int type, int flags, int id, int length) {
    return Unpooled.buffer()
        .writeByte(version)
        .writeByte(type)
        .writeShort(flags)
        .writeInt(id)
        .writeInt(length);
  }

  @Test
  void encodesTheHeaderInNetworkOrder() {
    ByteBuf frame =
        YamuxFrame.header(
            ByteBufAllocator.DEFAULT,
            YamuxFrame.Type.WINDOW_UPDATE,
            YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN,
            0x01020304,
            0xF0000001L);
    byte[] bytes = new byte[frame.readableBytes()];
    frame.readBytes(bytes);
    frame.release();
    assertThat(bytes).containsExactly(0, 1, 0, 5, 1, 2, 3, 4, (byte) 0xF0, 0, 0, 1);
  }

  @Test
  void decodesWhatItEncodesEvenWhenSplitAcrossReads() {
    byte[] payload = Loopback.randomBytes(40_000, 1);
    ByteBuf encoded = YamuxFrame.data(ByteBufAllocator.DEFAULT, 7, payload, 0, payload.length);
    // Arrives in three pieces, the first not even a whole header.
    channel.writeInbound(encoded.readRetainedSlice(5));
    assertThat(channel.inboundMessages()).isEmpty();
    channel.writeInbound(encoded.readRetainedSlice(20_000));
    assertThat(channel.inboundMessages()).isEmpty();
    channel.writeInbound(encoded);

    YamuxFrame frame = channel.readInbound();
    assertThat(frame.type).isEqualTo(YamuxFrame.Type.DATA);
    assertThat(frame.streamId).isEqualTo(7);
    assertThat(frame.length).isEqualTo(payload.length);
    byte[] decoded = new byte[frame.data.readableBytes()];
    frame.data.readBytes(decoded);
    frame.release();
    assertThat(decoded).isEqualTo(payload);
  }

  @Test
  void decodesEveryTypeAndUnsignedFields() {
    channel.writeInbound(header(0, 2, YamuxFrame.FLAG_ACK, 0, 0xFFFFFFFF));
    channel.writeInbound(header(0, 3, 0, 0, 2));
    channel.writeInbound(header(0, 0, YamuxFrame.FLAG_FIN, 0xFFFFFFFF, 0));
    YamuxFrame ping = channel.readInbound();
    assertThat(ping.type).isEqualTo(YamuxFrame.Type.PING);
    assertThat(ping.has(YamuxFrame.FLAG_ACK)).isTrue();
    assertThat(ping.length).isEqualTo(0xFFFFFFFFL);
    YamuxFrame goAway = channel.readInbound();
    assertThat(goAway.type).isEqualTo(YamuxFrame.Type.GO_AWAY);
    assertThat(goAway.length).isEqualTo(YamuxFrame.GO_AWAY_INTERNAL_ERROR);
    YamuxFrame fin = channel.readInbound();
    assertThat(fin.type).isEqualTo(YamuxFrame.Type.DATA);
    assertThat(Integer.toUnsignedLong(fin.streamId)).isEqualTo(0xFFFFFFFFL);
    assertThat(fin.data.readableBytes()).isZero();
    fin.release();
  }

  @Test
  void rejectsAnotherVersionAndDiscardsTheRest() {
    assertThatThrownBy(() -> channel.writeInbound(header(1, 0, 0, 1, 0)))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("version 1");
    // Frame boundaries are lost: later input is dropped, not decoded.
    channel.writeInbound(header(0, 1, 0, 1, 0));
    assertThat(channel.inboundMessages()).isEmpty();
  }

  @Test
  void rejectsAnUnknownType() {
    assertThatThrownBy(() -> channel.writeInbound(header(0, 4, 0, 1, 0)))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("type 4");
  }

  @Test
  void rejectsADataFrameLargerThanAnyWindowBeforeBufferingIt() {
    assertThatThrownBy(() -> channel.writeInbound(header(0, 0, 0, 1, 1024 * 1024 + 1)))
        .isInstanceOf(YamuxProtocolException.class)
        .hasMessageContaining("exceeds");
  }
}
