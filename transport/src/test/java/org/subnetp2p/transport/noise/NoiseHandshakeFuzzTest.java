package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.transport.testing.CountedBuffers;

/**
 * The Noise handshake against a remote that sends any bytes, and its libp2p payload. On a pipeline,
 * the handshake handler (either role) fails only with a {@link NoiseHandshakeException}, closes the
 * connection then, lets nothing escape the pipeline, releases every buffer, and never authenticates
 * a remote from garbage. With an honest remote whose handshake payload is the fuzzed bytes, it
 * authenticates exactly the payloads {@link HandshakePayload#verify} accepts, and then as the peer
 * whose key the payload carries. {@link HandshakePayload#verify} itself fails only with {@link
 * NoiseHandshakeException}.
 *
 * <p>Input: byte 0 picks the case (modulo 5: raw bytes to a listener, raw bytes to a dialer, the
 * payload alone, the payload from an honest dialer, the payload from an honest listener), byte 1
 * the size of each read (1-256), the rest is the remote's bytes or payload.
 */
class NoiseHandshakeFuzzTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final NoiseStaticIdentity LOCAL =
      NoiseStaticIdentity.create(Keys.ed25519PrivateKey(new byte[32]), List.of("/yamux/1.0.0"));
  private static final PrivateKey REMOTE_IDENTITY = Keys.ed25519PrivateKey(filled(7));
  private static final PeerId REMOTE = PeerId.fromPublicKey(REMOTE_IDENTITY.publicKey());
  private static final X25519KeyPair REMOTE_STATIC = X25519KeyPair.fromPrivateKey(filled(9));

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @FuzzTest
  void handshake(byte[] input) throws Exception {
    int mode = input.length > 0 ? (input[0] & 0xFF) % 5 : 0;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] data = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    switch (mode) {
      case 0, 1 -> rawBytes(mode == 1, data, piece);
      case 2 -> payload(data);
      default -> honestRemote(mode == 3, data);
    }
  }

  /** Whatever arrives, the handshake fails or waits: it cannot authenticate anyone. */
  private static void rawBytes(boolean initiator, byte[] wire, int piece) {
    CountedBuffers buffers = new CountedBuffers();
    NoiseHandshakeHandler handler = handler(initiator);
    EmbeddedChannel channel = buffers.channel(handler);
    for (int at = 0; at < wire.length && channel.isOpen(); at += piece) {
      channel.writeInbound(buffers.copyOf(wire, at, Math.min(wire.length, at + piece)));
    }
    assertThat(failedOrPending(handler.session(), channel)).isTrue();
    finish(channel, buffers);
  }

  private static void payload(byte[] payload) throws Exception {
    byte[] staticKey = REMOTE_STATIC.publicKey();
    SecureSession session;
    try {
      session =
          Allocations.atMost(
              Allocations.SLACK + 64L * payload.length,
              () -> HandshakePayload.verify(payload, staticKey, Optional.empty()));
    } catch (NoiseHandshakeException refused) {
      return;
    }
    assertThat(session.remotePeerId()).isEqualTo(PeerId.fromPublicKey(session.remoteIdentityKey()));
    assertThat(HandshakePayload.verify(payload, staticKey, Optional.of(session.remotePeerId())))
        .isEqualTo(session);
    if (!session.remotePeerId().equals(REMOTE)) { // a payload is bound to the peer it names
      assertThatThrownBy(() -> HandshakePayload.verify(payload, staticKey, expect()))
          .isInstanceOf(NoiseHandshakeException.class);
    }
  }

  /**
   * An honest remote runs the handshake against the handler, with the fuzzed bytes as its payload:
   * the handler agrees with {@link HandshakePayload#verify} on them.
   */
  private static void honestRemote(boolean remoteDials, byte[] payload) throws Exception {
    CountedBuffers buffers = new CountedBuffers();
    NoiseHandshakeHandler handler = handler(!remoteDials);
    EmbeddedChannel channel = buffers.channel(handler);
    HandshakeState remote = HandshakeState.withKeys(remoteDials, REMOTE_STATIC, null, new byte[0]);
    if (remoteDials) {
      send(channel, buffers, remote.writeMessage(new byte[0])); // -> e
      remote.readMessage(unframe(CountedBuffers.drainOutbound(channel))); // <- e, ee, s, es
      send(channel, buffers, remote.writeMessage(payload)); // -> s, se
    } else {
      remote.readMessage(unframe(CountedBuffers.drainOutbound(channel))); // -> e
      send(channel, buffers, remote.writeMessage(payload)); // <- e, ee, s, es
    }

    Optional<SecureSession> expected;
    try {
      expected =
          Optional.of(
              HandshakePayload.verify(
                  payload, REMOTE_STATIC.publicKey(), remoteDials ? Optional.empty() : expect()));
    } catch (NoiseHandshakeException refused) {
      expected = Optional.empty();
    }
    if (expected.isPresent()) {
      assertThat(handler.session()).isCompletedWithValue(expected.get());
      assertThat(channel.isOpen()).isTrue();
    } else {
      assertThat(handler.session()).isCompletedExceptionally();
      assertThat(failedOrPending(handler.session(), channel)).isTrue();
    }
    finish(channel, buffers);
  }

  private static NoiseHandshakeHandler handler(boolean initiator) {
    return new NoiseHandshakeHandler(
        initiator, LOCAL, initiator ? expect() : Optional.empty(), TIMEOUT);
  }

  /** The peer a dialing handler expects: the honest remote. */
  private static Optional<PeerId> expect() {
    return Optional.of(REMOTE);
  }

  /** Pending, or failed with a {@link NoiseHandshakeException} and the connection closed. */
  private static boolean failedOrPending(
      CompletableFuture<SecureSession> session, EmbeddedChannel channel) {
    if (!session.isDone()) {
      return true;
    }
    Throwable cause = session.handle((value, error) -> error).join();
    return cause instanceof NoiseHandshakeException && !channel.isOpen();
  }

  private static void finish(EmbeddedChannel channel, CountedBuffers buffers) {
    channel.checkException(); // nothing escaped the pipeline
    CountedBuffers.drainOutbound(channel);
    channel.finishAndReleaseAll();
    assertThat(buffers.outstanding()).as("bytes of buffers not released").isZero();
  }

  private static void send(EmbeddedChannel channel, CountedBuffers buffers, byte[] message) {
    byte[] frame = new byte[2 + message.length];
    frame[0] = (byte) (message.length >>> 8);
    frame[1] = (byte) message.length;
    System.arraycopy(message, 0, frame, 2, message.length);
    channel.writeInbound(buffers.copyOf(frame, 0, frame.length));
  }

  private static byte[] unframe(byte[] frame) {
    assertThat(frame.length).isGreaterThanOrEqualTo(2);
    int length = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
    assertThat(frame).hasSize(2 + length); // one whole message, and nothing else, was sent
    return Arrays.copyOfRange(frame, 2, frame.length);
  }
}
