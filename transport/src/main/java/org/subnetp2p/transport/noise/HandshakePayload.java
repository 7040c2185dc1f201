package org.subnetp2p.transport.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.subnetp2p.core.identity.InvalidKeyException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.identity.PublicKey;
import org.subnetp2p.transport.noise.pb.NoiseExtensions;
import org.subnetp2p.transport.noise.pb.NoiseHandshakePayload;

/**
 * The libp2p payload of Noise handshake messages 2 and 3: the sender's identity key and its
 * signature over the sender's Noise static key, which binds the Noise session to a peer id, plus
 * extensions (early data) that noise-libp2p carries without interpreting.
 */
final class HandshakePayload {
  private static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

  private HandshakePayload() {}

  /** The encoded payload with which {@code identity} vouches for {@code localStaticKey}. */
  static byte[] create(PrivateKey identity, byte[] localStaticKey, List<String> streamMuxers) {
    NoiseHandshakePayload.Builder payload =
        NoiseHandshakePayload.newBuilder()
            .setIdentityKey(ByteString.copyFrom(identity.publicKey().marshal()))
            .setIdentitySig(ByteString.copyFrom(identity.sign(signedData(localStaticKey))));
    if (!streamMuxers.isEmpty()) {
      payload.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(streamMuxers));
    }
    return payload.build().toByteArray();
  }

  /**
   * Authenticates a received payload: its identity key must parse and have signed {@code
   * remoteStaticKey}, the static key that the Noise handshake itself authenticated; and if {@code
   * expectedRemote} is present, that key must belong to that peer. Unknown fields are ignored.
   */
  static SecureSession verify(
      byte[] encoded, byte[] remoteStaticKey, Optional<PeerId> expectedRemote)
      throws NoiseHandshakeException {
    return verify(encoded, remoteStaticKey, expectedRemote, null);
  }

  /**
   * As {@link #verify(byte[], byte[], Optional)}, answering from {@code verified} (when not null)
   * for a payload and static key that verified before, and recording there those that verify now.
   */
  static SecureSession verify(
      byte[] encoded,
      byte[] remoteStaticKey,
      Optional<PeerId> expectedRemote,
      VerifiedPayloads verified)
      throws NoiseHandshakeException {
    SecureSession session = verified == null ? null : verified.get(encoded, remoteStaticKey);
    if (session == null) {
      session = verifySignature(encoded, remoteStaticKey);
      if (verified != null) {
        verified.put(encoded, remoteStaticKey, session);
      }
    }
    PeerId remote = session.remotePeerId();
    if (expectedRemote.isPresent() && !expectedRemote.get().equals(remote)) {
      throw new NoiseHandshakeException(
          "peer id mismatch: dialled "
              + expectedRemote.get().toBase58()
              + " but the remote authenticated as "
              + remote.toBase58());
    }
    return session;
  }

  /** The payload's identity key, which must have signed {@code remoteStaticKey}. */
  private static SecureSession verifySignature(byte[] encoded, byte[] remoteStaticKey)
      throws NoiseHandshakeException {
    NoiseHandshakePayload payload;
    try {
      payload = NoiseHandshakePayload.parseFrom(encoded);
    } catch (InvalidProtocolBufferException e) {
      throw new NoiseHandshakeException(
          "remote handshake payload is not a NoiseHandshakePayload: " + e.getMessage(), e);
    }
    if (!payload.hasIdentityKey() || !payload.hasIdentitySig()) {
      throw new NoiseHandshakeException(
          "remote handshake payload lacks identity_key or identity_sig");
    }
    PublicKey identityKey;
    try {
      identityKey = Keys.unmarshalPublicKey(payload.getIdentityKey().toByteArray());
    } catch (InvalidKeyException e) {
      throw new NoiseHandshakeException("remote identity key does not parse: " + e.getMessage(), e);
    }
    PeerId remote = PeerId.fromPublicKey(identityKey);
    if (!identityKey.verify(signedData(remoteStaticKey), payload.getIdentitySig().toByteArray())) {
      throw new NoiseHandshakeException(
          "identity signature of remote "
              + remote.toBase58()
              + " does not cover its Noise static key");
    }
    return new SecureSession(remote, identityKey, payload.getExtensions().getStreamMuxersList());
  }

  private static byte[] signedData(byte[] staticKey) {
    byte[] data = Arrays.copyOf(SIGNATURE_PREFIX, SIGNATURE_PREFIX.length + staticKey.length);
    System.arraycopy(staticKey, 0, data, SIGNATURE_PREFIX.length, staticKey.length);
    return data;
  }
}
