package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.transport.noise.pb.NoiseHandshakePayload;

class HandshakePayloadTest {
  private final PrivateKey identity = Keys.generateEd25519();
  private final PeerId peerId = PeerId.fromPublicKey(identity.publicKey());
  private final byte[] staticKey = X25519KeyPair.generate().publicKey();

  @Test
  void verifiesItsOwnPayloadAndCarriesStreamMuxers() throws Exception {
    byte[] payload =
        HandshakePayload.create(identity, staticKey, List.of("/yamux/1.0.0", "/mplex/6.7.0"));

    SecureSession session = HandshakePayload.verify(payload, staticKey, Optional.of(peerId));

    assertThat(session.remotePeerId()).isEqualTo(peerId);
    assertThat(session.remoteIdentityKey().marshal()).isEqualTo(identity.publicKey().marshal());
    assertThat(session.remoteStreamMuxers()).containsExactly("/yamux/1.0.0", "/mplex/6.7.0");
  }

  @Test
  void omitsExtensionsWithoutMuxers() throws Exception {
    byte[] payload = HandshakePayload.create(identity, staticKey, List.of());

    assertThat(NoiseHandshakePayload.parseFrom(payload).hasExtensions()).isFalse();
    assertThat(HandshakePayload.verify(payload, staticKey, Optional.empty()).remoteStreamMuxers())
        .isEmpty();
  }

  @Test
  void rejectsASignatureOverAnotherStaticKey() {
    byte[] payload = HandshakePayload.create(identity, staticKey, List.of());
    byte[] otherKey = X25519KeyPair.generate().publicKey();

    assertThatThrownBy(() -> HandshakePayload.verify(payload, otherKey, Optional.empty()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("identity signature of remote " + peerId.toBase58())
        .hasMessageContaining("does not cover its Noise static key");
  }

  @Test
  void rejectsAnotherPeerThanExpected() {
    byte[] payload = HandshakePayload.create(identity, staticKey, List.of());
    PeerId expected = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());

    assertThatThrownBy(() -> HandshakePayload.verify(payload, staticKey, Optional.of(expected)))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("peer id mismatch")
        .hasMessageContaining(expected.toBase58())
        .hasMessageContaining(peerId.toBase58());
  }

  @Test
  void rejectsAnIdentityKeyThatDoesNotParse() throws Exception {
    byte[] payload =
        NoiseHandshakePayload.parseFrom(HandshakePayload.create(identity, staticKey, List.of()))
            .toBuilder()
            .setIdentityKey(ByteString.copyFrom(new byte[] {8, 1, 18, 3, 1, 2, 3}))
            .build()
            .toByteArray();

    assertThatThrownBy(() -> HandshakePayload.verify(payload, staticKey, Optional.empty()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("remote identity key does not parse");
  }

  @Test
  void rejectsMissingFieldsAndGarbage() {
    byte[] onlyKey =
        NoiseHandshakePayload.newBuilder()
            .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> HandshakePayload.verify(onlyKey, staticKey, Optional.empty()))
        .hasMessageContaining("lacks identity_key or identity_sig");
    assertThatThrownBy(
            () -> HandshakePayload.verify(new byte[] {(byte) 0xff}, staticKey, Optional.empty()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("is not a NoiseHandshakePayload");
  }

  @Test
  void ignoresUnknownFields() throws Exception {
    byte[] known = HandshakePayload.create(identity, staticKey, List.of("/yamux/1.0.0"));
    // field 99 (varint) at the top level, and field 1024 (bytes) in the extensions
    byte[] unknownTop = {(byte) 0x98, 0x06, 0x2a};
    byte[] extensionsWithUnknown = {0x22, 0x05, (byte) 0x82, 0x40, 0x02, 0x07, 0x07};
    byte[] payload = concat(known, unknownTop, extensionsWithUnknown);

    SecureSession session = HandshakePayload.verify(payload, staticKey, Optional.of(peerId));

    assertThat(session.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
  }

  @Test
  void aPayloadVerifiedBeforeIsAnsweredFromTheCacheAndStillCheckedAgainstTheDialledPeer()
      throws Exception {
    VerifiedPayloads verified = new VerifiedPayloads();
    byte[] payload = HandshakePayload.create(identity, staticKey, List.of("/yamux/1.0.0"));

    SecureSession first =
        HandshakePayload.verify(payload, staticKey, Optional.of(peerId), verified);
    SecureSession again =
        HandshakePayload.verify(payload.clone(), staticKey.clone(), Optional.of(peerId), verified);

    assertThat(verified.hits()).isEqualTo(1);
    assertThat(again).isEqualTo(first);
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    assertThatThrownBy(
            () -> HandshakePayload.verify(payload, staticKey, Optional.of(someoneElse), verified))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("peer id mismatch");
    assertThat(verified.hits()).isEqualTo(2);
  }

  @Test
  void theCacheVouchesOnlyForTheStaticKeyThatWasSigned() throws Exception {
    VerifiedPayloads verified = new VerifiedPayloads();
    byte[] payload = HandshakePayload.create(identity, staticKey, List.of());
    HandshakePayload.verify(payload, staticKey, Optional.empty(), verified);
    byte[] otherKey = X25519KeyPair.generate().publicKey();

    assertThatThrownBy(() -> HandshakePayload.verify(payload, otherKey, Optional.empty(), verified))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("does not cover its Noise static key");
    assertThat(verified.hits()).isZero();
    assertThat(verified.size()).isEqualTo(1);
  }

  @Test
  void theCacheHoldsAtMostItsCapacityWhoeverConnects() throws Exception {
    VerifiedPayloads verified = new VerifiedPayloads();
    for (int i = 0; i <= VerifiedPayloads.CAPACITY; i++) {
      byte[] key = X25519KeyPair.generate().publicKey();
      HandshakePayload.verify(
          HandshakePayload.create(identity, key, List.of()), key, Optional.empty(), verified);
    }

    assertThat(verified.size()).isEqualTo(VerifiedPayloads.CAPACITY);
  }

  @Test
  void aLargePayloadIsVerifiedEveryTimeNotKept() throws Exception {
    VerifiedPayloads verified = new VerifiedPayloads();
    List<String> muxers = new java.util.ArrayList<>();
    for (int i = 0; i < 64; i++) {
      muxers.add("/padding/" + "x".repeat(20) + "/" + i);
    }
    byte[] payload = HandshakePayload.create(identity, staticKey, muxers);
    assertThat(payload.length).isGreaterThan(VerifiedPayloads.MAX_PAYLOAD);

    HandshakePayload.verify(payload, staticKey, Optional.of(peerId), verified);
    HandshakePayload.verify(payload, staticKey, Optional.of(peerId), verified);

    assertThat(verified.size()).isZero();
    assertThat(verified.hits()).isZero();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] result = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    return result;
  }
}
