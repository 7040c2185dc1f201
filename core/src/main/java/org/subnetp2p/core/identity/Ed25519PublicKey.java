package org.subnetp2p.core.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key: the 32-byte encoded point of RFC 8032, on BouncyCastle's Ed25519 (about
 * three times the JDK's speed, see BENCHMARKS.md).
 *
 * <p>Decoding rejects what cannot be an honest key: a non-canonical encoding (y ≥ p), a y with no
 * point, and a point of small order (the identity and the seven other points of order 2, 4 or 8, as
 * libsodium and so py-libp2p do). Against a small-order key one signature verifies for every
 * message, so such a "key" would let anybody sign as its peer id; no private key has one.
 */
final class Ed25519PublicKey extends AbstractPublicKey {
  static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;

  private final byte[] raw; // shared with the superclass, never handed out
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
    super(KeyType.ED25519, raw);
    this.raw = raw;
    this.point = point;
  }

  static Ed25519PublicKey decode(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 public key must be " + LENGTH + " bytes, got " + raw.length);
    }
    byte[] copy = raw.clone();
    // BouncyCastle's "partial" validation: canonical, on the curve, not of small order. It skips
    // only the costly check for a torsion component: such a key still needs its private scalar
    // to sign with.
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(copy, 0);
    if (point == null) {
      throw new InvalidKeyException(
          "Ed25519 public key is not a valid point (off the curve, non-canonical or of small"
              + " order)");
    }
    return new Ed25519PublicKey(copy, point);
  }

  /** The key of a private key: computed from the seed, so valid by construction. */
  static Ed25519PublicKey ofSeed(byte[] seed) {
    byte[] raw = new byte[LENGTH];
    Ed25519.generatePublicKey(seed, 0, raw, 0);
    return new Ed25519PublicKey(raw, Ed25519.validatePublicKeyPartialExport(raw, 0));
  }

  /** The raw key without a copy, for signing; callers must not modify it. */
  byte[] rawUnsafe() {
    return raw;
  }

  /** RFC 8032 verification, which also rejects a non-canonical S (S ≥ L) and a non-canonical R. */
  @Override
  public boolean verify(byte[] data, byte[] signature) {
    return signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, point, data, 0, data.length);
  }
}
