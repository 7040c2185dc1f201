package org.subnetp2p.core.identity;

/**
 * A libp2p public key. Two keys are equal when their types and {@link #raw()} bytes are.
 *
 * <p>Obtain one from {@link Keys} or {@link PrivateKey#publicKey()}.
 */
public interface PublicKey {
  /** The key algorithm. */
  KeyType type();

  /**
   * The key in its type's encoding, the {@code Data} field of the protobuf: 32 bytes for Ed25519,
   * 33 compressed bytes for secp256k1, a DER PKIX SubjectPublicKeyInfo for RSA and ECDSA.
   *
   * @return a fresh copy
   */
  byte[] raw();

  /**
   * Whether {@code signature} is this key's signature of {@code data}. A malformed signature is
   * simply not valid: this never throws for signature content.
   */
  boolean verify(byte[] data, byte[] signature);

  /**
   * The deterministic protobuf {@code PublicKey{Type, Data}} encoding, the bytes peer ids are
   * derived from.
   */
  byte[] marshal();
}
