package org.subnetp2p.core.identity;

import java.util.Objects;

/**
 * Signs in the name of a peer without handing out its private key: what a component gets when it
 * must sign records as the node (the GossipSub heartbeat signs its peer-state records so) but has
 * no business holding the key itself. A {@link PrivateKey} is a signer; {@link #of} wraps one so
 * that the key cannot be reached through the signer (no {@code marshal()}, no cast back), hence it
 * cannot be written out, logged or kept by a provider.
 *
 * <p>It signs whatever bytes it is given, so it is as strong as the key for signing: hand it only
 * to code that is trusted to sign in the node's name.
 */
public interface Signer {
  /** The public key whose owner signs, the key a verifier checks against. */
  PublicKey publicKey();

  /** Signs {@code data} as the key type's section of the peer-ids spec prescribes. */
  byte[] sign(byte[] data);

  /** A signer that signs with {@code key} and gives nothing else of it away. */
  static Signer of(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    PublicKey publicKey = key.publicKey();
    return new Signer() {
      @Override
      public PublicKey publicKey() {
        return publicKey;
      }

      @Override
      public byte[] sign(byte[] data) {
        return key.sign(data);
      }

      @Override
      public String toString() {
        return "Signer[" + PeerId.fromPublicKey(publicKey) + "]";
      }
    };
  }
}
