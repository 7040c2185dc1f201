package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.identity.TestData.hex;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * secp256k1 verification against signatures made by OpenSSL (see {@code
 * src/test/resources/identity/make-signatures.sh}: {@code openssl dgst -sha256 -sign} with the
 * spec's test-vector key and with a key from {@code openssl ecparam -name secp256k1 -genkey}).
 */
class Secp256k1Test {
  private static final List<TestData.Signature> SIGNATURES =
      TestData.opensslSignatures(KeyType.SECP256K1);

  @Test
  void verifiesOpensslSignatures() {
    assertThat(SIGNATURES).hasSizeGreaterThanOrEqualTo(6);
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      assertThat(key.verify(s.message(), s.signature())).isTrue();
    }
  }

  @Test
  void acceptsBothLowAndHighS() {
    // OpenSSL does not normalise s, so the test data holds both kinds (checked here).
    BigInteger halfOrder = Secp256k1.N.shiftRight(1);
    int high = 0;
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      Der.Reader sequence = new Der.Reader(s.signature()).readConstructed(Der.SEQUENCE);
      BigInteger r = sequence.readInteger();
      BigInteger sValue = sequence.readInteger();
      if (sValue.compareTo(halfOrder) > 0) {
        high++;
      }
      // (r, n - s) is the other valid signature of the same message.
      assertThat(key.verify(s.message(), der(r, Secp256k1.N.subtract(sValue)))).isTrue();
    }
    assertThat(high).isBetween(1, SIGNATURES.size() - 1);
  }

  @Test
  void tamperingFailsVerification() {
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      byte[] message = s.message().length == 0 ? new byte[] {0} : s.message().clone();
      message[message.length - 1] ^= 1;
      assertThat(key.verify(message, s.signature())).isFalse();

      byte[] signature = s.signature().clone();
      signature[signature.length - 1] ^= 1;
      assertThat(key.verify(s.message(), signature)).isFalse();
    }
    TestData.Signature first = SIGNATURES.get(0);
    TestData.Signature otherKey =
        SIGNATURES.stream()
            .filter(s -> !java.util.Arrays.equals(s.publicKey(), first.publicKey()))
            .findFirst()
            .orElseThrow();
    assertThat(
            Keys.publicKey(KeyType.SECP256K1, otherKey.publicKey())
                .verify(first.message(), first.signature()))
        .isFalse();
  }

  @Test
  void malformedSignaturesAreInvalidNotErrors() {
    TestData.Signature s = SIGNATURES.get(0);
    PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
    Der.Reader sequence = new Der.Reader(s.signature()).readConstructed(Der.SEQUENCE);
    BigInteger r = sequence.readInteger();
    BigInteger sValue = sequence.readInteger();

    byte[] trailing = java.util.Arrays.copyOf(s.signature(), s.signature().length + 1);
    assertThat(key.verify(s.message(), trailing)).isFalse();
    assertThat(key.verify(s.message(), new byte[0])).isFalse();
    assertThat(key.verify(s.message(), new byte[] {0x30, 0x00})).isFalse();
    assertThat(key.verify(s.message(), der(BigInteger.ZERO, sValue))).isFalse();
    assertThat(key.verify(s.message(), der(r, Secp256k1.N))).isFalse();
    assertThat(key.verify(s.message(), der(r.add(Secp256k1.N), sValue))).isFalse();
    // r with a redundant leading zero byte: the same number, but not DER.
    byte[] rBytes = r.toByteArray();
    byte[] padded = new byte[rBytes.length + 1];
    System.arraycopy(rBytes, 0, padded, 1, rBytes.length);
    byte[] nonMinimal =
        Der.encode(
            Der.SEQUENCE,
            Der.encode(Der.INTEGER, padded),
            Der.encode(Der.INTEGER, sValue.toByteArray()));
    assertThat(key.verify(s.message(), nonMinimal)).isFalse();
  }

  @Test
  void curveSanity() {
    assertThat(Secp256k1.isOnCurve(Secp256k1.G.x(), Secp256k1.G.y())).isTrue();
    assertThat(Secp256k1.multiplyGenerator(BigInteger.ONE)).isEqualTo(Secp256k1.G);
    assertThatThrownBy(() -> Secp256k1.multiplyGenerator(Secp256k1.N))
        .hasMessageContaining("multiple of the group order");
    Secp256k1.Point p = Secp256k1.multiplyGenerator(BigInteger.valueOf(123456789));
    assertThat(Secp256k1.isOnCurve(p.x(), p.y())).isTrue();
    assertThat(Secp256k1.decompress(Secp256k1.compress(p))).isEqualTo(p);
    // (n-1)·G is -G.
    assertThat(Secp256k1.multiplyGenerator(Secp256k1.N.subtract(BigInteger.ONE)))
        .isEqualTo(new Secp256k1.Point(Secp256k1.G.x(), Secp256k1.P.subtract(Secp256k1.G.y())));
  }

  @Test
  void rejectsInvalidPublicKeys() {
    byte[] valid = SIGNATURES.get(0).publicKey();

    byte[] uncompressedPrefix = valid.clone();
    uncompressedPrefix[0] = 0x04;
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, uncompressedPrefix))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("must start with 0x02 or 0x03");

    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, new byte[65]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key must be 33 bytes (compressed), got 65");

    // x = 5: 5³ + 7 = 132 has no square root mod p, so no point has this x.
    byte[] offCurve = new byte[33];
    offCurve[0] = 0x02;
    offCurve[32] = 5;
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, offCurve))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key is not a point on the curve");

    byte[] xTooLarge = hex("02" + Secp256k1.P.toString(16));
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, xTooLarge))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key x coordinate is not below p");
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    return Der.encode(
        Der.SEQUENCE,
        Der.encode(Der.INTEGER, r.toByteArray()),
        Der.encode(Der.INTEGER, s.toByteArray()));
  }
}
