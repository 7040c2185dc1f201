package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.identity.TestData.hex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519Test {
  private static final String RFC8032_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC8032_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
          + "1cf9b46bd25bf5f0595bbe24655141438e7a100b";

  /**
   * Just enough edwards25519 arithmetic, on BigInteger, to check a point's order independently of
   * the code under test. Point doubling on -x² + y² = 1 + d·x²·y² needs only x² and y²: y' = (y² +
   * x²) / (2 + x² - y²) and x'² = 4·x²·y² / (y² - x²)².
   */
  static final class EdwardsCheck {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    static final BigInteger D =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    static boolean orderDivides8(BigInteger y) {
      BigInteger yy = y.multiply(y).mod(P);
      BigInteger xx =
          yy.subtract(BigInteger.ONE)
              .multiply(D.multiply(yy).add(BigInteger.ONE).modInverse(P))
              .mod(P);
      if (!xx.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE)
          && xx.signum() != 0) {
        throw new IllegalArgumentException("no curve point has y = " + y);
      }
      for (int i = 0; i < 3; i++) {
        BigInteger yNext =
            yy.add(xx).multiply(BigInteger.TWO.add(xx).subtract(yy).modInverse(P)).mod(P);
        BigInteger diff = yy.subtract(xx).mod(P);
        BigInteger xxNext =
            BigInteger.valueOf(4)
                .multiply(xx)
                .multiply(yy)
                .multiply(diff.multiply(diff).modInverse(P))
                .mod(P);
        yy = yNext.multiply(yNext).mod(P);
        xx = xxNext;
        if (i == 2) {
          return yNext.equals(BigInteger.ONE) && xx.signum() == 0;
        }
      }
      throw new AssertionError();
    }

    static byte[] encode(BigInteger y, boolean negativeX) {
      byte[] out = toLittleEndian(y);
      if (negativeX) {
        out[31] |= (byte) 0x80;
      }
      return out;
    }

    static BigInteger decodeY(byte[] raw) {
      byte[] copy = raw.clone();
      copy[31] &= 0x7f;
      return littleEndian(copy, 0);
    }

    static BigInteger littleEndian(byte[] bytes, int offset) {
      byte[] bigEndian = new byte[32];
      for (int i = 0; i < 32; i++) {
        bigEndian[i] = bytes[offset + 31 - i];
      }
      return new BigInteger(1, bigEndian);
    }

    static byte[] toLittleEndian(BigInteger n) {
      byte[] bigEndian = n.toByteArray();
      byte[] out = new byte[32];
      for (int i = 0; i < 32 && i < bigEndian.length; i++) {
        out[i] = bigEndian[bigEndian.length - 1 - i];
      }
      return out;
    }
  }

  /** RFC 8032 §7.1, tests 1 and 2: seed, public key, message, signature. */
  @ParameterizedTest
  @CsvSource({
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
        + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
        + "1cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
        + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613"
        + "d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  })
  void rfc8032Vectors(String seed, String publicKey, String message, String signature) {
    PrivateKey key = Keys.ed25519PrivateKey(hex(seed));
    assertThat(key.publicKey().raw()).isEqualTo(hex(publicKey));
    assertThat(key.sign(hex(message))).isEqualTo(hex(signature));
    assertThat(Keys.ed25519PublicKey(hex(publicKey)).verify(hex(message), hex(signature))).isTrue();
  }

  @Test
  void signAndVerifyRoundTrip() {
    PrivateKey key = Keys.generateEd25519();
    byte[] data = "subnet task result".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(data);
    assertThat(signature).hasSize(64);
    assertThat(key.publicKey().verify(data, signature)).isTrue();
    assertThat(Keys.unmarshalPublicKey(key.publicKey().marshal()).verify(data, signature)).isTrue();
  }

  @Test
  void tamperingFailsVerification() {
    PrivateKey key = Keys.generateEd25519();
    byte[] data = "subnet task result".getBytes(StandardCharsets.UTF_8);
    byte[] signature = key.sign(data);

    for (int i = 0; i < signature.length; i += 7) {
      byte[] bad = signature.clone();
      bad[i] ^= 0x01;
      assertThat(key.publicKey().verify(data, bad)).as("signature bit flipped at %d", i).isFalse();
    }
    byte[] otherData = data.clone();
    otherData[0] ^= 0x01;
    assertThat(key.publicKey().verify(otherData, signature)).isFalse();
    assertThat(Keys.generateEd25519().publicKey().verify(data, signature)).isFalse();
    assertThat(key.publicKey().verify(data, new byte[63])).isFalse();
    assertThat(key.publicKey().verify(data, new byte[0])).isFalse();
  }

  @Test
  void generatedKeysDifferAndSurviveMarshalling() {
    PrivateKey a = Keys.generateEd25519();
    PrivateKey b = Keys.generateEd25519();
    assertThat(a).isNotEqualTo(b);
    assertThat(a.publicKey()).isNotEqualTo(b.publicKey());

    byte[] marshalled = a.marshal();
    assertThat(marshalled).hasSize(4 + 64).startsWith(0x08, 0x01, 0x12, 0x40);
    PrivateKey decoded = Keys.unmarshalPrivateKey(marshalled);
    assertThat(decoded).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(decoded.publicKey()).isEqualTo(a.publicKey());
  }

  @Test
  void readsTheSeedOnlyAndLegacyForms() {
    PrivateKey key = Keys.generateEd25519();
    byte[] data = new byte[64];
    System.arraycopy(key.marshal(), 4, data, 0, 64);
    byte[] seed = java.util.Arrays.copyOf(data, 32);
    byte[] legacy = new byte[96];
    System.arraycopy(data, 0, legacy, 0, 64);
    System.arraycopy(data, 32, legacy, 64, 32);

    assertThat(Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, seed))).isEqualTo(key);
    assertThat(Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, legacy)))
        .isEqualTo(key);
    // Whatever was read, the spec's preferred 64-byte form is written.
    assertThat(Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, seed)).marshal())
        .isEqualTo(key.marshal());
  }

  @Test
  void rejectsAPublicHalfThatIsNotTheSeeds() {
    byte[] data = new byte[64];
    System.arraycopy(Keys.generateEd25519().marshal(), 4, data, 0, 32);
    System.arraycopy(Keys.generateEd25519().publicKey().raw(), 0, data, 32, 32);
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, data)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("Ed25519 private key holds a public key that is not its own");

    byte[] legacy = new byte[96];
    System.arraycopy(Keys.generateEd25519().marshal(), 4, legacy, 0, 64);
    legacy[95] ^= 1;
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, legacy)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("legacy 96-byte Ed25519 private key holds two different public keys");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 63, 65, 128})
  void rejectsPrivateKeysOfOtherLengths(int length) {
    assertThatThrownBy(
            () -> Keys.unmarshalPrivateKey(KeyProtobuf.encode(KeyType.ED25519, new byte[length])))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("Ed25519 private key must be 32, 64 or 96 bytes, got " + length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void rejectsPublicKeysOfOtherLengths(int length) {
    assertThatThrownBy(() -> Keys.ed25519PublicKey(new byte[length]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("Ed25519 public key must be 32 bytes, got " + length);
  }

  /** y = 2 has no x on the curve; 0xff…ff encodes a y that is not below the field prime. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0200000000000000000000000000000000000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      })
  void rejectsPublicKeysThatAreNotCurvePoints(String raw) {
    assertThatThrownBy(() -> Keys.ed25519PublicKey(hex(raw)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(
            "Ed25519 public key is not a valid point (off the curve, non-canonical or of small"
                + " order)");
  }

  /**
   * Every encoding of the eight points of small order: y = 1 (the identity), -1, 0 and the two y of
   * the order-8 points, each with both signs of x, and y = p and p + 1 (non-canonical 0 and 1).
   * Against such a key the signature (R = identity, S = 0) verifies for any message under the
   * cofactorless equation, so the key must never get as far as a verification. The test derives the
   * points' orders itself, so the list cannot hold a wrong value unnoticed.
   */
  @Test
  void rejectsEveryEncodingOfASmallOrderPoint() {
    BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    BigInteger y8 =
        new BigInteger(
            "2707385501144840649318225287225658788936804267575313519463743609750303402022");
    List<BigInteger> ys =
        List.of(BigInteger.ONE, p.subtract(BigInteger.ONE), BigInteger.ZERO, y8, p.subtract(y8));
    for (BigInteger y : ys) {
      assertThat(EdwardsCheck.orderDivides8(y)).as("y = %s has order dividing 8", y).isTrue();
    }
    List<BigInteger> encoded = new java.util.ArrayList<>(ys);
    encoded.add(p);
    encoded.add(p.add(BigInteger.ONE));
    for (BigInteger y : encoded) {
      for (boolean negativeX : new boolean[] {false, true}) {
        byte[] raw = EdwardsCheck.encode(y, negativeX);
        assertThatThrownBy(() -> Keys.ed25519PublicKey(raw))
            .as("y = %s, x %s", y, negativeX ? "negative" : "positive")
            .isInstanceOf(InvalidKeyException.class);
      }
    }
    // And a key of large order is fine: the RFC 8032 test key.
    assertThat(EdwardsCheck.orderDivides8(EdwardsCheck.decodeY(hex(RFC8032_PUBLIC)))).isFalse();
  }

  /** S + L is S modulo the group order L; RFC 8032 §5.1.7 demands S < L, against malleability. */
  @Test
  void rejectsANonCanonicalS() {
    PublicKey key = Keys.ed25519PublicKey(hex(RFC8032_PUBLIC));
    byte[] signature = hex(RFC8032_SIGNATURE);
    assertThat(key.verify(new byte[0], signature)).isTrue();

    BigInteger order =
        BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    BigInteger s = EdwardsCheck.littleEndian(signature, 32);
    byte[] malleated = signature.clone();
    System.arraycopy(EdwardsCheck.toLittleEndian(s.add(order)), 0, malleated, 32, 32);
    assertThat(key.verify(new byte[0], malleated)).isFalse();

    byte[] allOnesS = signature.clone();
    java.util.Arrays.fill(allOnesS, 32, 64, (byte) 0xff);
    assertThat(key.verify(new byte[0], allOnesS)).isFalse();
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    PrivateKey key = Keys.generateEd25519();
    String seedHex = HexFormat.of().formatHex(key.marshal(), 4, 36);
    assertThat(key.toString())
        .doesNotContain(seedHex)
        .doesNotContain(seedHex.substring(0, 8))
        .contains(PeerId.fromPublicKey(key.publicKey()).toString());
  }
}
