package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.identity.TestData.hex;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * secp256k1 verification against signatures made by OpenSSL (see {@code
 * src/test/resources/identity/make-signatures.sh}: {@code openssl dgst -sha256 -sign} with the
 * spec's test-vector key and with a key from {@code openssl ecparam -name secp256k1 -genkey}), and
 * Wycheproof-style edge cases: malleated (high-s) signatures, out-of-range r and s, sloppy DER,
 * invalid points, wrong lengths.
 */
class Secp256k1Test {
  private static final BigInteger N = Secp256k1PublicKey.N;
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final List<TestData.Signature> SIGNATURES =
      TestData.opensslSignatures(KeyType.SECP256K1);

  /** r and s of a DER signature. */
  private record Rs(BigInteger r, BigInteger s) {
    static Rs of(byte[] der) {
      Der.Reader sequence = new Der.Reader(der).readConstructed(Der.SEQUENCE);
      return new Rs(sequence.readInteger(), sequence.readInteger());
    }

    Rs lowS() {
      return s.compareTo(HALF_N) > 0 ? new Rs(r, N.subtract(s)) : this;
    }

    Rs highS() {
      return s.compareTo(HALF_N) > 0 ? this : new Rs(r, N.subtract(s));
    }

    byte[] der() {
      return Secp256k1Test.der(r, s);
    }
  }

  @Test
  void verifiesOpensslSignaturesInTheirLowSForm() {
    assertThat(SIGNATURES).hasSizeGreaterThanOrEqualTo(6);
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      assertThat(key.verify(s.message(), Rs.of(s.signature()).lowS().der())).isTrue();
    }
  }

  @Test
  void rejectsTheMalleatedHighSTwinOfEverySignature() {
    // OpenSSL does not normalise s, so the test data holds both kinds as made (checked here).
    int madeHigh = 0;
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      Rs made = Rs.of(s.signature());
      if (made.s().compareTo(HALF_N) > 0) {
        madeHigh++;
      }
      // (r, n - s) is the other mathematically valid signature of the same message; BIP 62, as
      // py-libp2p and js-libp2p, accepts only the one with s <= n/2.
      assertThat(key.verify(s.message(), made.highS().der())).isFalse();
      assertThat(key.verify(s.message(), s.signature())).isEqualTo(made.s().compareTo(HALF_N) <= 0);
    }
    assertThat(madeHigh).isBetween(1, SIGNATURES.size() - 1);
  }

  @Test
  void tamperingFailsVerification() {
    for (TestData.Signature s : SIGNATURES) {
      PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
      byte[] good = Rs.of(s.signature()).lowS().der();
      byte[] message = s.message().length == 0 ? new byte[] {0} : s.message().clone();
      message[message.length - 1] ^= 1;
      assertThat(key.verify(message, good)).isFalse();

      byte[] signature = good.clone();
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
                .verify(first.message(), Rs.of(first.signature()).lowS().der()))
        .isFalse();
  }

  @Test
  void malformedSignaturesAreInvalidNotErrors() {
    TestData.Signature s = SIGNATURES.get(0);
    PublicKey key = Keys.publicKey(KeyType.SECP256K1, s.publicKey());
    Rs good = Rs.of(s.signature()).lowS();
    BigInteger r = good.r();
    BigInteger sValue = good.s();
    assertThat(key.verify(s.message(), good.der())).isTrue();

    byte[] trailing = java.util.Arrays.copyOf(good.der(), good.der().length + 1);
    assertThat(key.verify(s.message(), trailing)).isFalse();
    assertThat(key.verify(s.message(), new byte[0])).isFalse();
    assertThat(key.verify(s.message(), new byte[] {0x30, 0x00})).isFalse();
    assertThat(key.verify(s.message(), der(BigInteger.ZERO, sValue))).isFalse();
    assertThat(key.verify(s.message(), der(r, BigInteger.ZERO))).isFalse();
    assertThat(key.verify(s.message(), der(r.negate(), sValue))).isFalse();
    assertThat(key.verify(s.message(), der(r, sValue.negate()))).isFalse();
    assertThat(key.verify(s.message(), der(N, sValue))).isFalse();
    assertThat(key.verify(s.message(), der(r, N))).isFalse();
    // r + n and s + n are congruent to r and s: a lax verifier reducing them would accept these.
    assertThat(key.verify(s.message(), der(r.add(N), sValue))).isFalse();
    assertThat(key.verify(s.message(), der(r, sValue.add(N)))).isFalse();
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
    // BER's long-form length where the short form fits: not DER either.
    byte[] body = java.util.Arrays.copyOfRange(good.der(), 2, good.der().length);
    byte[] longForm = new byte[body.length + 3];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    longForm[2] = (byte) body.length;
    System.arraycopy(body, 0, longForm, 3, body.length);
    assertThat(key.verify(s.message(), longForm)).isFalse();
    // (r, s) as raw 64 bytes instead of DER.
    assertThat(key.verify(s.message(), new byte[64])).isFalse();
  }

  @Test
  void decodesWhatItEncodes() {
    byte[] raw = SIGNATURES.get(0).publicKey();
    PublicKey key = Keys.publicKey(KeyType.SECP256K1, raw);
    assertThat(key.raw()).isEqualTo(raw);
    assertThat(Keys.unmarshalPublicKey(key.marshal())).isEqualTo(key);
  }

  @Test
  void rejectsInvalidPublicKeys() {
    byte[] valid = SIGNATURES.get(0).publicKey();

    byte[] uncompressedPrefix = valid.clone();
    uncompressedPrefix[0] = 0x04;
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, uncompressedPrefix))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("must start with 0x02 or 0x03");

    // x = 5: 5³ + 7 = 132 has no square root mod p, so no point has this x.
    byte[] offCurve = new byte[33];
    offCurve[0] = 0x02;
    offCurve[32] = 5;
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, offCurve))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key is not a point on the curve");

    byte[] xTooLarge = hex("02" + Secp256k1PublicKey.P.toString(16));
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, xTooLarge))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key x coordinate is not below p");

    // x = 0 (and the 0x00 "infinity" encoding) is no point either: 7 is not a square mod p.
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, hex("02" + "00".repeat(32))))
        .isInstanceOf(InvalidKeyException.class);
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, hex("00" + "00".repeat(32))))
        .isInstanceOf(InvalidKeyException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 34, 64, 65})
  void rejectsPublicKeysOfOtherLengths(int length) {
    assertThatThrownBy(() -> Keys.publicKey(KeyType.SECP256K1, new byte[length]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("secp256k1 public key must be 33 bytes (compressed), got " + length);
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    return Der.encode(
        Der.SEQUENCE,
        Der.encode(Der.INTEGER, r.toByteArray()),
        Der.encode(Der.INTEGER, s.toByteArray()));
  }
}
