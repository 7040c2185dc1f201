package org.subnetp2p.core.identity;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;

/**
 * An ECDSA public key as a DER PKIX SubjectPublicKeyInfo on a named NIST curve the JDK supports
 * (P-256, P-384, P-521). Signatures are DER, over SHA-256 whatever the curve, as libp2p does it.
 */
final class EcdsaPublicKey extends AbstractPublicKey {
  private final ECPublicKey jdkKey;

  private EcdsaPublicKey(byte[] raw, ECPublicKey jdkKey) {
    super(KeyType.ECDSA, raw);
    this.jdkKey = jdkKey;
  }

  static EcdsaPublicKey decode(byte[] raw) {
    java.security.PublicKey key;
    try {
      key = Jca.keyFactory("EC").generatePublic(new X509EncodedKeySpec(raw));
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(
          "ECDSA public key is not a DER SubjectPublicKeyInfo on a supported curve: "
              + e.getMessage(),
          e);
    }
    return fromJdk(raw.clone(), (ECPublicKey) key);
  }

  /** Wraps a JDK key whose encoding is {@code raw}, after checking its point. */
  static EcdsaPublicKey fromJdk(byte[] raw, ECPublicKey key) {
    // The JDK does not check that a decoded point lies on the curve; an off-curve point could
    // make verification meaningless, so reject it here.
    if (!isOnCurve(key.getW(), key.getParams().getCurve())) {
      throw new InvalidKeyException("ECDSA public key is not a point on its curve");
    }
    return new EcdsaPublicKey(raw, key);
  }

  private static boolean isOnCurve(ECPoint w, EllipticCurve curve) {
    if (w.equals(ECPoint.POINT_INFINITY) || !(curve.getField() instanceof ECFieldFp field)) {
      return false;
    }
    BigInteger p = field.getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger rhs = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB());
    return y.multiply(y).subtract(rhs).mod(p).signum() == 0;
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    return Jca.verify("SHA256withECDSA", jdkKey, data, signature);
  }
}
