package org.subnetp2p.transport.noise;

import java.util.List;
import java.util.Objects;
import org.subnetp2p.core.identity.PrivateKey;

/**
 * A Noise static key together with the handshake payload in which a libp2p identity signs it. A
 * host makes one and uses it for all its connections, as js-libp2p and rust-libp2p do: each
 * handshake then skips generating a static key and signing it (an Ed25519 signature costs hundreds
 * of microseconds on the JDK). Forward secrecy is unaffected: it comes from the ephemeral keys,
 * which stay fresh per connection.
 *
 * <p>It also keeps the remote payloads its handshakes verified ({@link VerifiedPayloads}): remote
 * hosts reuse their static keys too, so a peer that connects again is not verified again.
 */
public final class NoiseStaticIdentity {
  private final X25519KeyPair staticKey;
  private final byte[] payload;
  private final VerifiedPayloads verified = new VerifiedPayloads();

  private NoiseStaticIdentity(X25519KeyPair staticKey, byte[] payload) {
    this.staticKey = staticKey;
    this.payload = payload;
  }

  /**
   * A fresh static key signed by {@code identity}, offering {@code streamMuxers} (most preferred
   * first, possibly none) in the payload's {@code stream_muxers} extension.
   */
  public static NoiseStaticIdentity create(PrivateKey identity, List<String> streamMuxers) {
    Objects.requireNonNull(identity, "identity");
    X25519KeyPair key = X25519KeyPair.generate();
    return new NoiseStaticIdentity(
        key, HandshakePayload.create(identity, key.publicKey(), List.copyOf(streamMuxers)));
  }

  X25519KeyPair staticKey() {
    return staticKey;
  }

  /** The remote payloads that this identity's handshakes verified. */
  VerifiedPayloads verified() {
    return verified;
  }

  /** The encoded payload; callers must not modify it. */
  byte[] payload() {
    return payload;
  }
}
