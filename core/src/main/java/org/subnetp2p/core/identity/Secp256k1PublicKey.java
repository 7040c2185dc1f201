package org.subnetp2p.core.identity;

import java.math.BigInteger;

/**
 * A secp256k1 public key in the 33-byte compressed form. Verification only: this implementation
 * neither makes nor loads secp256k1 private keys.
 */
final class Secp256k1PublicKey extends AbstractPublicKey {
  private final Secp256k1.Point point;

  private Secp256k1PublicKey(byte[] raw, Secp256k1.Point point) {
    super(KeyType.SECP256K1, raw);
    this.point = point;
  }

  static Secp256k1PublicKey decode(byte[] raw) {
    return new Secp256k1PublicKey(raw.clone(), Secp256k1.decompress(raw));
  }

  /**
   * Verifies a DER signature over SHA-256 of {@code data}. DER is read strictly (BIP 66), as
   * Bitcoin and libp2p encode it; both low and high s are accepted, as plain ECDSA allows.
   */
  @Override
  public boolean verify(byte[] data, byte[] signature) {
    BigInteger r;
    BigInteger s;
    try {
      Der.Reader outer = new Der.Reader(signature);
      Der.Reader sequence = outer.readConstructed(Der.SEQUENCE);
      outer.expectEnd();
      r = sequence.readInteger();
      s = sequence.readInteger();
      sequence.expectEnd();
    } catch (InvalidKeyException malformed) {
      return false;
    }
    return Secp256k1.verify(point, Jca.sha256(data), r, s);
  }
}
