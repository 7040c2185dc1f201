package org.subnetp2p.core.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
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

  /** What a decoded key signs to prove its parts belong together. */
  private static final byte[] SELF_TEST =
      "subnet-p2p RSA key check".getBytes(StandardCharsets.US_ASCII);

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
      checkConsistent(crt);
      RSAPublicKey jdkPublic =
          (RSAPublicKey)
              Jca.keyFactory("RSA")
                  .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      RsaPublicKey publicKey = RsaPublicKey.fromJdk(jdkPublic.getEncoded(), jdkPublic);
      checkSigns(key, publicKey);
      return new RsaPrivateKey(pkcs1.clone(), publicKey, key);
    } catch (InvalidKeySpecException e) {
      throw new InvalidKeyException(
          "RSA private key is not PKCS#1 RSAPrivateKey DER: " + e.getMessage(), e);
    }
  }

  /**
   * The JDK parses the PKCS#1 fields without relating them; a key whose parts do not belong
   * together would fail only when it signs. Checks what CRT signing relies on.
   */
  private static void checkConsistent(RSAPrivateCrtKey key) {
    BigInteger n = key.getModulus();
    BigInteger e = key.getPublicExponent();
    BigInteger d = key.getPrivateExponent();
    BigInteger p = key.getPrimeP();
    BigInteger q = key.getPrimeQ();
    if (p.compareTo(BigInteger.ONE) <= 0 || q.compareTo(BigInteger.ONE) <= 0) {
      throw inconsistent("a prime factor is not above 1");
    }
    if (!p.multiply(q).equals(n)) {
      throw inconsistent("the modulus is not the product of its prime factors");
    }
    BigInteger p1 = p.subtract(BigInteger.ONE);
    BigInteger q1 = q.subtract(BigInteger.ONE);
    if (e.signum() <= 0
        || d.signum() <= 0
        || !e.multiply(d).mod(p1).equals(BigInteger.ONE)
        || !e.multiply(d).mod(q1).equals(BigInteger.ONE)) {
      throw inconsistent("the private exponent does not invert the public one");
    }
    if (!d.mod(p1).equals(key.getPrimeExponentP()) || !d.mod(q1).equals(key.getPrimeExponentQ())) {
      throw inconsistent("a CRT exponent is not the private exponent modulo its prime minus 1");
    }
    if (!key.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE)) {
      throw inconsistent("the CRT coefficient is not the inverse of q modulo p");
    }
  }

  /**
   * A pairwise consistency test (the key pair check of FIPS 140-3): the checks above assume p and q
   * are prime, and with a composite factor most signatures come out wrong (the JDK's signer notices
   * and fails). Testing primality costs far more, in time and memory, than this one signature; a
   * composite crafted to sign this very message still passes.
   */
  private static void checkSigns(java.security.PrivateKey key, RsaPublicKey publicKey) {
    byte[] signature;
    try {
      Signature signer = Jca.signature("SHA256withRSA");
      signer.initSign(key);
      signer.update(SELF_TEST);
      signature = signer.sign();
    } catch (GeneralSecurityException e) {
      throw inconsistent("it cannot sign (" + e.getMessage() + ")");
    }
    if (!publicKey.verify(SELF_TEST, signature)) {
      throw inconsistent("its public key does not verify its signature");
    }
  }

  private static InvalidKeyException inconsistent(String what) {
    return new InvalidKeyException("RSA private key is inconsistent: " + what);
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
