package org.subnetp2p.core.identity;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The curve secp256k1 (SEC 2), {@code y² = x³ + 7} over the prime field F_p, with just enough
 * arithmetic to verify ECDSA signatures. The JDK dropped this curve in JDK 16, hence BigInteger.
 *
 * <p>Not constant-time: it only ever handles public keys and signatures, never secrets.
 */
final class Secp256k1 {
  static final BigInteger P =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
  static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  private static final BigInteger B = BigInteger.valueOf(7);
  static final Point G =
      new Point(
          new BigInteger("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", 16),
          new BigInteger("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", 16));

  /** P ≡ 3 (mod 4), so a square root of a is a^((P+1)/4) when one exists. */
  private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);

  private static final BigInteger TWO = BigInteger.TWO;
  private static final BigInteger THREE = BigInteger.valueOf(3);
  private static final BigInteger EIGHT = BigInteger.valueOf(8);

  /** An affine point on the curve (never the point at infinity). */
  record Point(BigInteger x, BigInteger y) {}

  /** Jacobian coordinates: x = X/Z², y = Y/Z³; Z = 0 is the point at infinity. */
  private record Jacobian(BigInteger x, BigInteger y, BigInteger z) {
    static final Jacobian INFINITY = new Jacobian(BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);

    boolean isInfinity() {
      return z.signum() == 0;
    }
  }

  private Secp256k1() {}

  static boolean isOnCurve(BigInteger x, BigInteger y) {
    return x.signum() >= 0
        && x.compareTo(P) < 0
        && y.signum() >= 0
        && y.compareTo(P) < 0
        && y.multiply(y).subtract(x.pow(3)).subtract(B).mod(P).signum() == 0;
  }

  /**
   * Decodes the 33-byte SEC 1 compressed form: 0x02 or 0x03 (the parity of y), then x.
   *
   * @throws InvalidKeyException on a bad prefix, x ≥ p, or an x with no point on the curve
   */
  static Point decompress(byte[] encoded) {
    if (encoded.length != 33) {
      throw new InvalidKeyException(
          "secp256k1 public key must be 33 bytes (compressed), got " + encoded.length);
    }
    int prefix = encoded[0];
    if (prefix != 0x02 && prefix != 0x03) {
      throw new InvalidKeyException(
          String.format(
              "secp256k1 public key must start with 0x02 or 0x03 (compressed), got 0x%02x",
              prefix & 0xFF));
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 33));
    if (x.compareTo(P) >= 0) {
      throw new InvalidKeyException("secp256k1 public key x coordinate is not below p");
    }
    BigInteger rhs = x.pow(3).add(B).mod(P);
    BigInteger y = rhs.modPow(SQRT_EXPONENT, P);
    if (!y.multiply(y).mod(P).equals(rhs)) {
      throw new InvalidKeyException("secp256k1 public key is not a point on the curve");
    }
    if (y.testBit(0) != (prefix == 0x03)) {
      y = P.subtract(y);
    }
    return new Point(x, y);
  }

  static byte[] compress(Point point) {
    byte[] out = new byte[33];
    out[0] = (byte) (point.y().testBit(0) ? 0x03 : 0x02);
    byte[] x = point.x().toByteArray();
    int n = Math.min(x.length, 32);
    System.arraycopy(x, x.length - n, out, 33 - n, n);
    return out;
  }

  /**
   * ECDSA verification (SEC 1 §4.1.4) of a 32-byte message hash.
   *
   * @return false for r or s outside [1, n-1] as well as for a wrong signature
   */
  static boolean verify(Point publicKey, byte[] hash, BigInteger r, BigInteger s) {
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      return false;
    }
    BigInteger e = new BigInteger(1, hash); // a 256-bit hash needs no truncation for a 256-bit n
    BigInteger w = s.modInverse(N);
    BigInteger u1 = e.multiply(w).mod(N);
    BigInteger u2 = r.multiply(w).mod(N);
    Jacobian sum = add(multiply(toJacobian(G), u1), multiply(toJacobian(publicKey), u2));
    if (sum.isInfinity()) {
      return false;
    }
    return toAffine(sum).x().mod(N).equals(r);
  }

  /** k·G, for tests that check a private key against its public key. */
  static Point multiplyGenerator(BigInteger k) {
    Jacobian result = multiply(toJacobian(G), k.mod(N));
    if (result.isInfinity()) {
      throw new IllegalArgumentException("k is a multiple of the group order");
    }
    return toAffine(result);
  }

  private static Jacobian toJacobian(Point p) {
    return new Jacobian(p.x(), p.y(), BigInteger.ONE);
  }

  private static Point toAffine(Jacobian p) {
    BigInteger zInv = p.z().modInverse(P);
    BigInteger zInv2 = zInv.multiply(zInv).mod(P);
    return new Point(p.x().multiply(zInv2).mod(P), p.y().multiply(zInv2).multiply(zInv).mod(P));
  }

  /** Left-to-right double-and-add. */
  private static Jacobian multiply(Jacobian p, BigInteger k) {
    Jacobian result = Jacobian.INFINITY;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      result = twice(result);
      if (k.testBit(i)) {
        result = add(result, p);
      }
    }
    return result;
  }

  /** Doubling for a = 0 ("dbl-2009-l" in the Explicit-Formulas Database). */
  private static Jacobian twice(Jacobian p) {
    if (p.isInfinity() || p.y().signum() == 0) {
      return Jacobian.INFINITY;
    }
    BigInteger a = p.x().multiply(p.x()).mod(P);
    BigInteger b = p.y().multiply(p.y()).mod(P);
    BigInteger c = b.multiply(b).mod(P);
    BigInteger xb = p.x().add(b);
    BigInteger d = TWO.multiply(xb.multiply(xb).subtract(a).subtract(c)).mod(P);
    BigInteger e = THREE.multiply(a).mod(P);
    BigInteger f = e.multiply(e).mod(P);
    BigInteger x3 = f.subtract(TWO.multiply(d)).mod(P);
    BigInteger y3 = e.multiply(d.subtract(x3)).subtract(EIGHT.multiply(c)).mod(P);
    BigInteger z3 = TWO.multiply(p.y()).multiply(p.z()).mod(P);
    return new Jacobian(x3, y3, z3);
  }

  /** General addition, falling back to doubling when both points are equal. */
  private static Jacobian add(Jacobian p, Jacobian q) {
    if (p.isInfinity()) {
      return q;
    }
    if (q.isInfinity()) {
      return p;
    }
    BigInteger z1z1 = p.z().multiply(p.z()).mod(P);
    BigInteger z2z2 = q.z().multiply(q.z()).mod(P);
    BigInteger u1 = p.x().multiply(z2z2).mod(P);
    BigInteger u2 = q.x().multiply(z1z1).mod(P);
    BigInteger s1 = p.y().multiply(q.z()).multiply(z2z2).mod(P);
    BigInteger s2 = q.y().multiply(p.z()).multiply(z1z1).mod(P);
    if (u1.equals(u2)) {
      return s1.equals(s2) ? twice(p) : Jacobian.INFINITY;
    }
    BigInteger h = u2.subtract(u1).mod(P);
    BigInteger r = s2.subtract(s1).mod(P);
    BigInteger hh = h.multiply(h).mod(P);
    BigInteger hhh = hh.multiply(h).mod(P);
    BigInteger u1hh = u1.multiply(hh).mod(P);
    BigInteger x3 = r.multiply(r).subtract(hhh).subtract(TWO.multiply(u1hh)).mod(P);
    BigInteger y3 = r.multiply(u1hh.subtract(x3)).subtract(s1.multiply(hhh)).mod(P);
    BigInteger z3 = h.multiply(p.z()).multiply(q.z()).mod(P);
    return new Jacobian(x3, y3, z3);
  }
}
