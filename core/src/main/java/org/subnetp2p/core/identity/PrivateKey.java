package org.subnetp2p.core.identity;

/**
 * A libp2p private key. Implementations never print key material in {@code toString()}.
 *
 * <p>Obtain one from {@link Keys} or {@link KeyFiles}.
 */
public interface PrivateKey extends Signer {
  /** The key algorithm. */
  KeyType type();

  /** The matching public key. */
  @Override
  PublicKey publicKey();

  /** Signs {@code data} as the key type's section of the peer-ids spec prescribes. */
  @Override
  byte[] sign(byte[] data);

  /**
   * The protobuf {@code PrivateKey{Type, Data}} encoding, the format libp2p key files hold. Treat
   * the result as secret.
   */
  byte[] marshal();
}
