package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ECDSA (P-256) and RSA keys: verification of OpenSSL signatures made with the spec's test-vector
 * private keys (see {@code make-signatures.sh}), signing round trips, tampering, and bad keys.
 */
class EcdsaAndRsaTest {
  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ECDSA", "RSA"})
  void verifiesOpensslSignaturesAndDetectsTampering(KeyType type) {
    for (TestData.Signature s : TestData.opensslSignatures(type)) {
      PublicKey key = Keys.publicKey(type, s.publicKey());
      assertThat(key.verify(s.message(), s.signature())).isTrue();

      byte[] signature = s.signature().clone();
      signature[signature.length / 2] ^= 0x10;
      assertThat(key.verify(s.message(), signature)).isFalse();
      byte[] message = Arrays.copyOf(s.message(), s.message().length + 1);
      assertThat(key.verify(message, s.signature())).isFalse();
      assertThat(key.verify(s.message(), new byte[0])).isFalse();
      assertThat(key.verify(s.message(), new byte[] {0x30, 0x01, 0x02})).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyType.class,
      names = {"ECDSA", "RSA"})
  void signsWhatTheOtherKeyCannotVerify(KeyType type) {
    String label = type.name().toLowerCase();
    PrivateKey key = Keys.unmarshalPrivateKey(TestData.specKeyVectors().get(label + "-private"));
    byte[] data = "round trip".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = key.sign(data);
    assertThat(key.publicKey().verify(data, signature)).isTrue();
    assertThat(Keys.generateEd25519().publicKey().verify(data, signature)).isFalse();
    assertThat(key.toString()).startsWith(type + " private key for Qm");
  }

  @Test
  void rejectsRsaKeysBelow2048Bits() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    byte[] spki = generator.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> Keys.publicKey(KeyType.RSA, spki))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("RSA key has 1024 bits; 2048 to 8192 are accepted");
  }

  @Test
  void rejectsKeysOfTheWrongAlgorithm() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] ecSpki = generator.generateKeyPair().getPublic().getEncoded();
    assertThat(Keys.publicKey(KeyType.ECDSA, ecSpki).type()).isEqualTo(KeyType.ECDSA);
    assertThatThrownBy(() -> Keys.publicKey(KeyType.RSA, ecSpki))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageStartingWith("RSA public key is not a DER SubjectPublicKeyInfo");
    assertThatThrownBy(() -> Keys.publicKey(KeyType.ECDSA, new byte[] {0x30, 0x00}))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageStartingWith("ECDSA public key is not a DER SubjectPublicKeyInfo");
  }

  @Test
  void rejectsAnEcdsaPointOffTheCurve() {
    byte[] spki = Keys.unmarshalPublicKey(TestData.specKeyVectors().get("ecdsa-public")).raw();
    spki[spki.length - 1] ^= 1; // changes y only
    assertThatThrownBy(() -> Keys.publicKey(KeyType.ECDSA, spki))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("not a point on its curve");
  }

  @Test
  void rejectsAnEcdsaPrivateKeyWithAForeignPublicKey() {
    byte[] protobuf = TestData.specKeyVectors().get("ecdsa-private").clone();
    // The last byte belongs to the embedded public point's y; flipping it moves the point off
    // the curve or to another point: either way the pair no longer matches.
    protobuf[protobuf.length - 1] ^= 1;
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(protobuf))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageMatching(".*(not a point on its curve|not its own).*");
  }

  @Test
  void rejectsAnEcdsaPrivateKeyWithoutItsPublicKey() {
    byte[] vector = TestData.specKeyVectors().get("ecdsa-private");
    // SEC 1 without the optional [1] publicKey: version, scalar, [0] curve.
    byte[] sec1 = Arrays.copyOfRange(vector, 4, 4 + 2 + 3 + 34 + 12);
    sec1[1] = (byte) (sec1.length - 2);
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ECDSA, sec1)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "ECDSA private key is not a SEC 1 ECPrivateKey with curve and public key: no public"
                + " key ([1] publicKey)");
  }

  /** The spec's RSA key with one part changed at a time: the JDK parses each, none is a key. */
  @Test
  void rejectsAnRsaPrivateKeyWhosePartsDoNotBelongTogether() {
    byte[] pkcs1 =
        KeyProtobuf.decode(TestData.specKeyVectors().get("rsa-private"), "PrivateKey").data();
    Der.Reader fields = new Der.Reader(pkcs1).readConstructed(Der.SEQUENCE);
    BigInteger[] k = new BigInteger[9]; // version, n, e, d, p, q, dP, dQ, qInv
    for (int i = 0; i < k.length; i++) {
      k[i] = fields.readInteger();
    }
    BigInteger n = k[1], e = k[2], d = k[3], p = k[4], q = k[5], dp = k[6], dq = k[7];
    BigInteger qInv = k[8];
    BigInteger one = BigInteger.ONE;
    assertThat(Keys.unmarshalPrivateKey(rsaPrivate(n, e, d, p, q, dp, dq, qInv)).type())
        .isEqualTo(KeyType.RSA);

    assertInconsistent(
        rsaPrivate(n.add(BigInteger.TWO), e, d, p, q, dp, dq, qInv),
        "the modulus is not the product of its prime factors");
    assertInconsistent(
        rsaPrivate(n, e, d.add(one), p, q, dp, dq, qInv),
        "the private exponent does not invert the public one");
    assertInconsistent(
        rsaPrivate(n, e, d, p, q, dp.add(one), dq, qInv),
        "a CRT exponent is not the private exponent modulo its prime minus 1");
    assertInconsistent(
        rsaPrivate(n, e, d, q, p, dq, dp, qInv), // p and q swapped, the coefficient kept
        "the CRT coefficient is not the inverse of q modulo p");

    // A composite factor c = 3q: everything above holds for n = p·c, yet signing would fail.
    BigInteger c = q.multiply(BigInteger.valueOf(3));
    BigInteger c1 = c.subtract(one);
    BigInteger p1 = p.subtract(one);
    BigInteger lambda = p1.multiply(c1).divide(p1.gcd(c1));
    BigInteger dc = e.modInverse(lambda);
    assertInconsistent(
        rsaPrivate(p.multiply(c), e, dc, p, c, dc.mod(p1), dc.mod(c1), c.modInverse(p)),
        "it cannot sign (Could not sign data)");
  }

  private static byte[] rsaPrivate(BigInteger... parts) {
    byte[][] integers = new byte[parts.length + 1][];
    integers[0] = Der.encode(Der.INTEGER, new byte[] {0}); // version: two primes
    for (int i = 0; i < parts.length; i++) {
      integers[i + 1] = Der.encode(Der.INTEGER, parts[i].toByteArray());
    }
    return KeyProtobuf.encode(KeyType.RSA, Der.encode(Der.SEQUENCE, integers));
  }

  private static void assertInconsistent(byte[] protobuf, String what) {
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(protobuf))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("RSA private key is inconsistent: " + what);
  }

  @Test
  void rejectsTruncatedDer() {
    byte[] protobuf = TestData.specKeyVectors().get("rsa-private");
    byte[] data = Arrays.copyOfRange(protobuf, 5, protobuf.length - 10);
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.RSA, data)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageStartingWith("RSA private key is not PKCS#1 RSAPrivateKey DER");
    byte[] ec = TestData.specKeyVectors().get("ecdsa-private");
    byte[] ecData = Arrays.copyOfRange(ec, 4, ec.length - 1);
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ECDSA, ecData)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "ECDSA private key is not a SEC 1 ECPrivateKey with curve and public key: DER length"
                + " 119 runs past the end");
  }
}
