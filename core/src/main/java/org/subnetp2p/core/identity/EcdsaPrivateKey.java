package org.subnetp2p.core.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * An ECDSA private key, read from the SEC 1 {@code ECPrivateKey} DER structure (RFC 5915) that
 * libp2p implementations write, as in the spec's test vector.
 */
final class EcdsaPrivateKey implements PrivateKey {
  /** DER OID contents of the named curves the JDK supports, and the JDK's names for them. */
  private static final Map<String, String> CURVES =
      Map.of(
          "2a8648ce3d030107", "secp256r1",
          "2b81040022", "secp384r1",
          "2b81040023", "secp521r1");

  private final byte[] der;
  private final EcdsaPublicKey publicKey;
  private final java.security.PrivateKey jdkKey;

  private EcdsaPrivateKey(byte[] der, EcdsaPublicKey publicKey, java.security.PrivateKey jdkKey) {
    this.der = der;
    this.publicKey = publicKey;
    this.jdkKey = jdkKey;
  }

  /**
   * Decodes {@code ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve OID,
   * [1] public key BIT STRING }}. The curve and the public key, optional in SEC 1, are required
   * here: libp2p writes both, and the public key saves computing it from the secret scalar with
   * arithmetic that is not constant-time.
   */
  static EcdsaPrivateKey decode(byte[] der) {
    BigInteger s;
    String oid;
    byte[] bits;
    try {
      Der.Reader outer = new Der.Reader(der);
      Der.Reader key = outer.readConstructed(Der.SEQUENCE);
      outer.expectEnd();
      if (!key.readInteger().equals(BigInteger.ONE)) {
        throw new InvalidKeyException("version is not 1");
      }
      s = new BigInteger(1, key.read(Der.OCTET_STRING));
      if (!key.hasMore() || key.peekTag() != Der.contextTag(0)) {
        throw new InvalidKeyException("no curve ([0] parameters)");
      }
      oid = HexFormat.of().formatHex(key.readConstructed(Der.contextTag(0)).read(Der.OID));
      if (!key.hasMore() || key.peekTag() != Der.contextTag(1)) {
        throw new InvalidKeyException("no public key ([1] publicKey)");
      }
      bits = key.readConstructed(Der.contextTag(1)).read(Der.BIT_STRING);
      key.expectEnd();
    } catch (InvalidKeyException e) {
      throw new InvalidKeyException(
          "ECDSA private key is not a SEC 1 ECPrivateKey with curve and public key: "
              + e.getMessage(),
          e);
    }
    String curve = CURVES.get(oid);
    if (curve == null) {
      throw new InvalidKeyException(
          "ECDSA private key is on an unsupported curve (OID " + oid + ")");
    }

    ECParameterSpec params = parameters(curve);
    int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
    // BIT STRING: zero unused bits, then the uncompressed point 0x04 || X || Y.
    if (bits.length != 2 + 2 * size || bits[0] != 0 || bits[1] != 0x04) {
      throw new InvalidKeyException("ECDSA private key's public key is not an uncompressed point");
    }
    if (s.signum() <= 0 || s.compareTo(params.getOrder()) >= 0) {
      throw new InvalidKeyException("ECDSA private key scalar is out of range");
    }
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(bits, 2, 2 + size)),
            new BigInteger(1, Arrays.copyOfRange(bits, 2 + size, bits.length)));
    try {
      ECPublicKey jdkPublic =
          (ECPublicKey) Jca.keyFactory("EC").generatePublic(new ECPublicKeySpec(w, params));
      EcdsaPublicKey publicKey = EcdsaPublicKey.fromJdk(jdkPublic.getEncoded(), jdkPublic);
      java.security.PrivateKey jdkPrivate =
          Jca.keyFactory("EC").generatePrivate(new ECPrivateKeySpec(s, params));
      checkPair(jdkPrivate, publicKey);
      return new EcdsaPrivateKey(der.clone(), publicKey, jdkPrivate);
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyException("ECDSA private key rejected by the JDK: " + e.getMessage(), e);
    }
  }

  /** The public key came from a separate field: make sure it belongs to the scalar. */
  private static void checkPair(java.security.PrivateKey jdkPrivate, EcdsaPublicKey publicKey) {
    byte[] probe = "libp2p ECDSA key pair check".getBytes(StandardCharsets.US_ASCII);
    if (!publicKey.verify(probe, Jca.sign("SHA256withECDSA", jdkPrivate, probe))) {
      throw new InvalidKeyException("ECDSA private key holds a public key that is not its own");
    }
  }

  private static ECParameterSpec parameters(String curve) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new InvalidKeyException("the JDK does not support curve " + curve, e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.ECDSA;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    return Jca.sign("SHA256withECDSA", jdkKey, data);
  }

  @Override
  public byte[] marshal() {
    return KeyProtobuf.encode(KeyType.ECDSA, der);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaPrivateKey other && MessageDigest.isEqual(der, other.der);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "ECDSA private key for " + PeerId.fromPublicKey(publicKey);
  }
}
