package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;

/**
 * The handlers on {@link EmbeddedChannel}s, where the test decides exactly which bytes arrive
 * together: hand-over from handshake to codec, framing, and buffer ownership.
 */
class NoiseEmbeddedTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final PrivateKey dialerKey = Keys.generateEd25519();
  private final PrivateKey listenerKey = Keys.generateEd25519();
  private final Random random = new Random(42);

  /** Records user events, so that the session event can be checked. */
  static final class Events extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      events.add(evt);
      ctx.fireUserEventTriggered(evt);
    }
  }

  private final Events dialerEvents = new Events();
  private final Events listenerEvents = new Events();
  private final NoiseHandshakeHandler dialerHandshake =
      new NoiseHandshakeHandler(
          true,
          dialerKey,
          Optional.of(PeerId.fromPublicKey(listenerKey.publicKey())),
          TIMEOUT,
          List.of("/yamux/1.0.0"));
  private final NoiseHandshakeHandler listenerHandshake =
      new NoiseHandshakeHandler(false, listenerKey, Optional.empty(), TIMEOUT);
  private final EmbeddedChannel dialer = new EmbeddedChannel();
  private final EmbeddedChannel listener = new EmbeddedChannel();

  @AfterEach
  void releaseEverything() {
    dialer.finishAndReleaseAll();
    listener.finishAndReleaseAll();
  }

  @Test
  void handshakeReplacesItselfWithTheCodecAndReportsTheSession() throws Exception {
    dialer.pipeline().addLast("noise", dialerHandshake).addLast("events", dialerEvents);
    listener.pipeline().addLast("noise", listenerHandshake).addLast("events", listenerEvents);
    assertThat(dialer.pipeline().names()).startsWith("noise", "events");

    shuttle();

    SecureSession atDialer = dialerHandshake.session().getNow(null);
    SecureSession atListener = listenerHandshake.session().getNow(null);
    assertThat(atDialer.remotePeerId()).isEqualTo(PeerId.fromPublicKey(listenerKey.publicKey()));
    assertThat(atListener.remotePeerId()).isEqualTo(PeerId.fromPublicKey(dialerKey.publicKey()));
    assertThat(atListener.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
    assertThat(atDialer.remoteStreamMuxers()).isEmpty();
    assertThat(dialerEvents.events).containsExactly(atDialer);
    assertThat(listenerEvents.events).containsExactly(atListener);
    assertThat(dialer.pipeline().names()).startsWith(NoiseHandshakeHandler.CODEC_NAME, "events");
    assertThat(listener.pipeline().get(NoiseHandshakeHandler.class)).isNull();

    assertThat(exchange(dialer, listener, bytes(1000))).isTrue();
    assertThat(exchange(listener, dialer, bytes(1000))).isTrue();
  }

  @Test
  void ecdsaIdentityWithAHashedPeerIdAuthenticates() throws Exception {
    // The ECDSA private key of the peer-ids spec's test vectors: its peer id is a SHA-256 hash.
    PrivateKey ecdsa =
        Keys.unmarshalPrivateKey(
            HexFormat.of()
                .parseHex(
                    "08031279307702010104203E5B1FE9712E6C314942A750BD67485DE3C1EFE85B1BFB520AE8F9"
                        + "AE3DFA4A4CA00A06082A8648CE3D030107A14403420004DE3D300FA36AE0E8F5D53089"
                        + "9D83ABAB44ABF3161F162A4BC901D8E6ECDA020E8B6D5F8DA30525E71D6851510C098E5C"
                        + "47C646A597FB4DCEC034E9F77C409E62"));
    PeerId ecdsaId = PeerId.fromPublicKey(ecdsa.publicKey());
    NoiseHandshakeHandler ed25519Dialer =
        new NoiseHandshakeHandler(true, dialerKey, Optional.of(ecdsaId), TIMEOUT);
    NoiseHandshakeHandler ecdsaListener =
        new NoiseHandshakeHandler(false, ecdsa, Optional.empty(), TIMEOUT);
    dialer.pipeline().addLast(ed25519Dialer);
    listener.pipeline().addLast(ecdsaListener);

    shuttle();

    assertThat(ed25519Dialer.session().getNow(null).remotePeerId()).isEqualTo(ecdsaId);
    assertThat(ecdsaId.publicKey()).isEmpty(); // not an inline (identity) peer id
    assertThat(ecdsaListener.session().getNow(null).remotePeerId())
        .isEqualTo(PeerId.fromPublicKey(dialerKey.publicKey()));
  }

  @Test
  void bytesThatArriveWithTheLastHandshakeMessageReachTheCodec() throws Exception {
    completeHandshakeHoldingMessage3();
    // The dialer has finished; its first transport frames share one buffer with message 3.
    ByteBuf message3 = dialer.readOutbound();
    byte[] first = bytes(100);
    byte[] second = bytes(70000); // two frames
    dialer.writeAndFlush(Unpooled.wrappedBuffer(first));
    dialer.writeAndFlush(Unpooled.wrappedBuffer(second));
    ByteBuf together = Unpooled.buffer().writeBytes(message3);
    message3.release();
    for (ByteBuf frame; (frame = dialer.readOutbound()) != null; ) {
      together.writeBytes(frame);
      frame.release();
    }

    listener.writeInbound(together);

    assertThat(listenerHandshake.session()).isCompleted();
    assertThat(readAllInbound(listener)).isEqualTo(concat(first, second));
    assertThat(together.refCnt()).isZero();
  }

  @Test
  void handshakeAndFramesSurviveOneByteReads() throws Exception {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    for (int rounds = 0; rounds < 3; rounds++) { // three handshake messages, byte by byte
      trickle(dialer, listener);
      trickle(listener, dialer);
    }
    assertThat(dialerHandshake.session()).isCompleted();
    assertThat(listenerHandshake.session()).isCompleted();

    byte[] data = bytes(66000);
    dialer.writeAndFlush(Unpooled.wrappedBuffer(data));
    trickle(dialer, listener);
    assertThat(readAllInbound(listener)).isEqualTo(data);
  }

  @Test
  void writesAreSplitIntoFramesOfAtMost65535Bytes() throws Exception {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    shuttle();
    int max = NoiseSecureCodec.MAX_PLAINTEXT;
    assertThat(max).isEqualTo(65519);

    assertThat(frameLengths(0)).isEmpty();
    assertThat(frameLengths(1)).containsExactly(17);
    assertThat(frameLengths(max)).containsExactly(65535);
    assertThat(frameLengths(max + 1)).containsExactly(65535, 17);
    assertThat(frameLengths(16 * max + 5)).hasSize(17).endsWith(21); // over two output buffers
  }

  @Test
  void writesFlushedTogetherShareFramesWithoutSplittingOnesThatFit() throws Exception {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    shuttle();
    int max = NoiseSecureCodec.MAX_PLAINTEXT;

    assertThat(frameLengths(10, 20, 30)).containsExactly(60 + 16); // one frame for three writes
    // The second write would fit in a frame of its own: it starts one rather than be split.
    assertThat(frameLengths(100, max)).containsExactly(100 + 16, max + 16);
    assertThat(frameLengths(100, max - 100, 7)).containsExactly(max + 16, 7 + 16);
    // A write larger than a frame is split into full frames, after what came before it.
    assertThat(frameLengths(100, max + 1)).containsExactly(100 + 16, max + 16, 1 + 16);
  }

  @Test
  void writesBeforeTheHandshakeCompletesFail() {
    dialer.pipeline().addLast(dialerHandshake);
    ByteBuf plaintext = Unpooled.wrappedBuffer(bytes(10));

    assertThat(dialer.writeAndFlush(plaintext).cause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the Noise handshake completes");
    assertThat(plaintext.refCnt()).isZero();
  }

  @Test
  void codecRefusesToWriteAnythingButBytes() {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    shuttle();

    assertThat(dialer.writeAndFlush("plaintext").cause())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only ByteBufs");
    Object written = dialer.readOutbound();
    assertThat(written).isNull();
  }

  @Test
  void corruptTransportFrameClosesTheConnection() throws Exception {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    shuttle();
    dialer.writeAndFlush(Unpooled.wrappedBuffer(bytes(50)));
    ByteBuf frame = dialer.readOutbound();
    frame.setByte(30, frame.getByte(30) ^ 0x40);

    listener.writeInbound(frame);

    assertThat(listener.isOpen()).isFalse();
    assertThat(frame.refCnt()).isZero();
    Object plaintext = listener.readInbound();
    assertThat(plaintext).isNull();
  }

  @Test
  void frameShorterThanATagClosesTheConnection() throws Exception {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    shuttle();

    listener.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));

    assertThat(listener.isOpen()).isFalse();
  }

  @Test
  void handshakeTimesOut() {
    listener.pipeline().addLast(listenerHandshake);
    listener.advanceTimeBy(TIMEOUT.toMillis() + 1, TimeUnit.MILLISECONDS);
    listener.runScheduledPendingTasks();

    assertThat(listener.isOpen()).isFalse();
    assertThatThrownBy(() -> listenerHandshake.session().get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("timed out after 10000 ms");
  }

  @Test
  void closeDuringTheHandshakeFailsIt() {
    listener.pipeline().addLast(listenerHandshake);
    listener.close();

    assertThat(listenerHandshake.session())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(NoiseHandshakeException.class)
        .withMessageContaining("connection closed before the handshake completed");
  }

  /** Runs the handshake up to the dialer's message 3, leaving that message unread. */
  private void completeHandshakeHoldingMessage3() {
    dialer.pipeline().addLast(dialerHandshake);
    listener.pipeline().addLast(listenerHandshake);
    forward(dialer, listener); // -> e
    forward(listener, dialer); // <- e, ee, s, es (the dialer now writes message 3 and is done)
    assertThat(dialerHandshake.session()).isCompleted();
    assertThat(listenerHandshake.session()).isNotDone();
  }

  /** The frame lengths of writes of {@code plaintextLengths} bytes flushed together. */
  private List<Integer> frameLengths(int... plaintextLengths) {
    int plaintextLength = 0;
    for (int n : plaintextLengths) {
      dialer.write(Unpooled.wrappedBuffer(bytes(n)));
      plaintextLength += n;
    }
    dialer.flush();
    List<Integer> lengths = new ArrayList<>();
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf out; (out = dialer.readOutbound()) != null; ) {
      all.writeBytes(out);
      out.release();
    }
    ByteBuf copy = all.copy();
    while (all.isReadable()) {
      int length = all.readUnsignedShort();
      lengths.add(length);
      all.skipBytes(length);
    }
    all.release();
    listener.writeInbound(copy);
    assertThat(readAllInbound(listener)).hasSize(plaintextLength);
    return lengths;
  }

  private boolean exchange(EmbeddedChannel from, EmbeddedChannel to, byte[] data) {
    from.writeAndFlush(Unpooled.wrappedBuffer(data));
    forward(from, to);
    return Arrays.equals(readAllInbound(to), data);
  }

  /** Moves bytes both ways until neither side has anything left to send. */
  private void shuttle() {
    while (forward(dialer, listener) | forward(listener, dialer)) {
      // keep going
    }
  }

  private static boolean forward(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (ByteBuf out; (out = from.readOutbound()) != null; ) {
      to.writeInbound(out);
      moved = true;
    }
    return moved;
  }

  /** Delivers everything {@code from} has sent one byte per read. */
  private static void trickle(EmbeddedChannel from, EmbeddedChannel to) {
    for (ByteBuf out; (out = from.readOutbound()) != null; ) {
      while (out.isReadable()) {
        to.writeInbound(out.readRetainedSlice(1));
      }
      out.release();
    }
  }

  private static byte[] readAllInbound(EmbeddedChannel channel) {
    ByteBuf all = Unpooled.buffer();
    for (ByteBuf in; (in = channel.readInbound()) != null; ) {
      all.writeBytes(in);
      in.release();
    }
    byte[] result = new byte[all.readableBytes()];
    all.readBytes(result);
    all.release();
    return result;
  }

  private byte[] bytes(int length) {
    byte[] data = new byte[length];
    random.nextBytes(data);
    return data;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] result = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, result, a.length, b.length);
    return result;
  }
}
