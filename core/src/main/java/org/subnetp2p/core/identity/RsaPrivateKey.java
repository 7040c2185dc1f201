package org.subnetp2p.core.identity;

import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;

/** An RSA private key, held as the PKCS#1 {@code RSAPrivateKey} DER the spec prescribes. */
final class RsaPrivateKey implements PrivateKey {
  /** DER of AlgorithmIdentifier{rsaEncryption, NULL}, to wrap PKCS#1 into PKCS#8 for the JDK. */
  private static final byte[] RSA_ALGORITHM =
      Der.encode(
          Der.SEQUENCE,
          Der.encode(Der.OID, HexFormat.of().parseHex("2a864886f70d010101")),
          Der.encode(Der.NULL));

  private final byte[] pkcs1;
  private final RsaPublicKey publicKey;
  private final java.security.PrivateKey jdkKey;

  private RsaPrivateKey(byte[] pkcs1, RsaPublicKey publicKey, java.security.PrivateKey jdkKey) {
    this.pkcs1 = pkcs1;
    this.publicKey = publicKey;
    this.jdkKey = jdkKey;
  }

  static RsaPrivateKey decode(byte[] pkcs1) {
    byte[] pkcs8 =
        Der.encode(
            Der.SEQUENCE,
            Der.encode(Der.INTEGER, new byte[] {0}),
            RSA_ALGORITHM,
            Der.encode(Der.OCTET_STRING, pkcs1));
    try {
      java.security.PrivateKey key =
          Jca.keyFactory("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      if (!(key instanceof RSAPrivateCrtKey crt)) {
        throw new InvalidKeyException("RSA private key lacks its public exponent");
      }
      RsaPublicKey.checkSize(crt.getModulus().bitLength());
      RSAPublicKey jdkPublic =
          (RSAPublicKey)
              Jca.keyFactory("RSA")
                  .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return new RsaPrivateKey(
          pkcs1.clone(), RsaPublicKey.fromJdk(jdkPublic.getEncoded(), jdkPublic), key);
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(
          "RSA private key is not PKCS#1 RSAPrivateKey DER: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.RSA;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    return Jca.sign("SHA256withRSA", jdkKey, data);
  }

  @Override
  public byte[] marshal() {
    return KeyProtobuf.encode(KeyType.RSA, pkcs1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsaPrivateKey other && MessageDigest.isEqual(pkcs1, other.pkcs1);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "RSA private key for " + PeerId.fromPublicKey(publicKey);
  }
}
