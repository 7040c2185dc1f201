package org.subnetp2p.core.identity;

import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;

/**
 * An RSA public key as a DER PKIX SubjectPublicKeyInfo; signatures are RSASSA-PKCS1-v1_5 over
 * SHA-256.
 */
final class RsaPublicKey extends AbstractPublicKey {
  /** The key sizes go-libp2p accepts: smaller is weak, larger makes verifying a DoS lever. */
  static final int MIN_BITS = 2048;

  static final int MAX_BITS = 8192;

  private final RSAPublicKey jdkKey;

  private RsaPublicKey(byte[] raw, RSAPublicKey jdkKey) {
    super(KeyType.RSA, raw);
    this.jdkKey = jdkKey;
  }

  static RsaPublicKey decode(byte[] raw) {
    java.security.PublicKey key;
    try {
      key = Jca.keyFactory("RSA").generatePublic(new X509EncodedKeySpec(raw));
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(
          "RSA public key is not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
    }
    return fromJdk(raw.clone(), (RSAPublicKey) key);
  }

  /** Wraps a JDK key whose encoding is {@code raw}, after checking its size. */
  static RsaPublicKey fromJdk(byte[] raw, RSAPublicKey key) {
    checkSize(key.getModulus().bitLength());
    return new RsaPublicKey(raw, key);
  }

  static void checkSize(int bits) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new InvalidKeyException(
          "RSA key has " + bits + " bits; " + MIN_BITS + " to " + MAX_BITS + " are accepted");
    }
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    return Jca.verify("SHA256withRSA", jdkKey, data, signature);
  }
}
