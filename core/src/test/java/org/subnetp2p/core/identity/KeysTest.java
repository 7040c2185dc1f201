package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.identity.TestData.hex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding the key protobufs: what is accepted and what each malformation is called. */
class KeysTest {
  private static final String ED25519_PUBLIC =
      "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
  private static final String ED25519_RAW =
      "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

  @Test
  void keyTypeCodesAreTheSpecs() {
    assertThat(KeyType.RSA.code()).isZero();
    assertThat(KeyType.ED25519.code()).isEqualTo(1);
    assertThat(KeyType.SECP256K1.code()).isEqualTo(2);
    assertThat(KeyType.ECDSA.code()).isEqualTo(3);
    for (KeyType type : KeyType.values()) {
      assertThat(KeyType.fromCode(type.code())).isEqualTo(type);
    }
    assertThatThrownBy(() -> KeyType.fromCode(4))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("unknown key type code 4");
  }

  @Test
  void acceptsFieldsInEitherOrderButMarshalsInTagOrder() {
    PublicKey key = Keys.unmarshalPublicKey(hex("1220" + ED25519_RAW + "0801"));
    assertThat(key.marshal()).isEqualTo(hex(ED25519_PUBLIC));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty | '' | bad PublicKey protobuf: no Type field",
        "type only | 0801 | bad PublicKey protobuf: no Data field",
        "data only | 1220" + ED25519_RAW + " | bad PublicKey protobuf: no Type field",
        "unknown type | 080712020000 | unknown key type code 7",
        "huge type | 08ffffffff0f12020000 | unknown key type code 4294967295",
        "truncated data | 0801122000 | bad PublicKey protobuf: truncated Data at byte 4: needs 32"
            + " bytes, 1 left",
        "truncated varint | 0881 | bad PublicKey protobuf: input ends inside the Type varint at"
            + " byte 1",
        "non-minimal varint | 08810012020000 | bad PublicKey protobuf: non-minimal Type varint at"
            + " byte 1",
        "repeated type | 080108011220"
            + ED25519_RAW
            + " | bad PublicKey protobuf: Type field"
            + " repeated at byte 2",
        "extra field | 08011220"
            + ED25519_RAW
            + "1801 | bad PublicKey protobuf: unexpected field 3"
            + " (wire type 0) at byte 36",
        "wrong wire type | 0a0101 | bad PublicKey protobuf: unexpected field 1 (wire type 2) at"
            + " byte 0",
      })
  void namesWhatIsWrong(String name, String hex, String message) {
    assertThatThrownBy(() -> Keys.unmarshalPublicKey(hex(hex)))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage(message);
  }

  @Test
  void namesABadKeyLength() {
    byte[] bytes = KeyProtobuf.encode(KeyType.ED25519, new byte[31]);
    assertThatThrownBy(() -> Keys.unmarshalPublicKey(bytes))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("Ed25519 public key must be 32 bytes, got 31");
  }

  @Test
  void privateKeyErrorsNameTheMessage() {
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(hex("0801")))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessage("bad PrivateKey protobuf: no Data field");
  }

  @Test
  void publicKeysAreEqualByTypeAndBytes() {
    PublicKey a = Keys.unmarshalPublicKey(hex(ED25519_PUBLIC));
    PublicKey b = Keys.ed25519PublicKey(hex(ED25519_RAW));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Keys.generateEd25519().publicKey());
    assertThat(a.toString()).isEqualTo("ED25519 public key " + ED25519_RAW);

    byte[] raw = a.raw();
    raw[0] ^= 1;
    assertThat(a.raw()).isEqualTo(hex(ED25519_RAW)); // raw() hands out copies
  }
}
