package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.identity.TestData.hex;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519Test {
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
        .hasMessage("Ed25519 public key is not a valid curve point");
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
