package org.subnetp2p.core.identity;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key in the 33-byte compressed form, on BouncyCastle's secp256k1 (the JDK
 * dropped the curve in JDK 16). Verification only: this implementation neither makes nor loads
 * secp256k1 private keys.
 *
 * <p>Signatures are accepted only with a low {@code s} (at most n/2), the BIP 62 rule the peer-ids
 * spec points to: py-libp2p (libsecp256k1) and js-libp2p (noble, {@code lowS}) reject a high {@code
 * s} too, and go-libp2p (decred), which would accept it, never produces one. So of the two
 * signatures (r, s) and (r, n - s) of the same message, exactly one verifies: nobody can alter a
 * signed record into another valid one.
 */
final class Secp256k1PublicKey extends AbstractPublicKey {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

  /** The field prime p. */
  static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();

  /** The group order n. */
  static final BigInteger N = CURVE.getN();

  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final int LENGTH = 33;

  private final ECPublicKeyParameters key;

  private Secp256k1PublicKey(byte[] raw, ECPublicKeyParameters key) {
    super(KeyType.SECP256K1, raw);
    this.key = key;
  }

  /**
   * Decodes the SEC 1 compressed form: 0x02 or 0x03 (the parity of y), then the 32-byte x.
   *
   * @throws InvalidKeyException on another length or prefix, x ≥ p, or an x with no curve point
   */
  static Secp256k1PublicKey decode(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new InvalidKeyException(
          "secp256k1 public key must be 33 bytes (compressed), got " + raw.length);
    }
    if (raw[0] != 0x02 && raw[0] != 0x03) {
      throw new InvalidKeyException(
          String.format(
              "secp256k1 public key must start with 0x02 or 0x03 (compressed), got 0x%02x",
              raw[0] & 0xFF));
    }
    if (new BigInteger(1, Arrays.copyOfRange(raw, 1, LENGTH)).compareTo(P) >= 0) {
      throw new InvalidKeyException("secp256k1 public key x coordinate is not below p");
    }
    ECPoint point;
    try {
      point = CURVE.getCurve().decodePoint(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("secp256k1 public key is not a point on the curve", e);
    }
    // The curve has cofactor 1: every point other than infinity (which has no compressed form)
    // is in the group, so a decoded point is a valid key.
    return new Secp256k1PublicKey(raw.clone(), new ECPublicKeyParameters(point, DOMAIN));
  }

  /**
   * Verifies a DER signature over SHA-256 of {@code data}. DER is read strictly (BIP 66), as
   * Bitcoin and libp2p encode it; {@code r} and {@code s} must lie in [1, n-1] and {@code s} must
   * be low (see the class comment).
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
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(HALF_N) > 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(Jca.sha256(data), r, s);
  }
}
