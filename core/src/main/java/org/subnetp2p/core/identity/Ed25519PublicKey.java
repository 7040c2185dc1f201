package org.subnetp2p.core.identity;

import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;

/** An Ed25519 public key: the 32-byte encoded point of RFC 8032. */
final class Ed25519PublicKey extends AbstractPublicKey {
  static final int LENGTH = 32;

  /** The SubjectPublicKeyInfo header (RFC 8410) that turns the raw key into what the JDK reads. */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final java.security.PublicKey jdkKey;

  private Ed25519PublicKey(byte[] raw, java.security.PublicKey jdkKey) {
    super(KeyType.ED25519, raw);
    this.jdkKey = jdkKey;
  }

  static Ed25519PublicKey decode(byte[] raw) {
    if (raw.length != LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 public key must be " + LENGTH + " bytes, got " + raw.length);
    }
    byte[] spki = new byte[X509_PREFIX.length + LENGTH];
    System.arraycopy(X509_PREFIX, 0, spki, 0, X509_PREFIX.length);
    System.arraycopy(raw, 0, spki, X509_PREFIX.length, LENGTH);
    java.security.PublicKey key;
    try {
      key = Jca.keyFactory("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      // The JDK decodes the point only when a verification starts: do that now, so a bad key is
      // rejected here rather than at the first signature.
      Jca.signature("Ed25519").initVerify(key);
    } catch (InvalidKeySpecException | java.security.InvalidKeyException e) {
      throw new InvalidKeyException("Ed25519 public key is not a valid curve point", e);
    }
    return new Ed25519PublicKey(raw.clone(), key);
  }

  /** The raw key inside a JDK key's SubjectPublicKeyInfo encoding. */
  static Ed25519PublicKey fromJdk(java.security.PublicKey jdkKey) {
    byte[] spki = jdkKey.getEncoded();
    byte[] raw = new byte[LENGTH];
    System.arraycopy(spki, spki.length - LENGTH, raw, 0, LENGTH);
    return new Ed25519PublicKey(raw, jdkKey);
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    // RFC 8032 signatures are exactly 64 bytes; the JDK would throw on other lengths anyway.
    return signature.length == 64 && Jca.verify("Ed25519", jdkKey, data, signature);
  }
}
