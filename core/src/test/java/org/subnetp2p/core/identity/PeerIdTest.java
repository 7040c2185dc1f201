package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.subnetp2p.core.identity.TestData.hex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.core.encoding.Multibase;

/**
 * Peer ids. The alternative text forms of the spec's examples (base36, base58btc and base16 CIDs)
 * were computed independently with a Python script from the spec's base58btc text.
 */
class PeerIdTest {
  private static final String SHA256_BASE58 = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
  private static final String SHA256_CID =
      "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe";
  private static final String ED25519_BASE58 =
      "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
  private static final String ED25519_RAW =
      "2ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b";

  /** The examples of the peer-ids spec and RFC 0001 name the same sha2-256 peer. */
  @Test
  void specExamplesSha256() {
    PeerId fromBase58 = PeerId.fromString(SHA256_BASE58);
    PeerId fromCid = PeerId.fromString(SHA256_CID);
    assertThat(fromCid).isEqualTo(fromBase58).hasSameHashCodeAs(fromBase58);
    assertThat(fromBase58.toCidString()).isEqualTo(SHA256_CID);
    assertThat(fromCid.toBase58()).isEqualTo(SHA256_BASE58);
    assertThat(fromCid.toString()).isEqualTo(SHA256_BASE58);
    assertThat(fromBase58.toBytes()).hasSize(34).startsWith(0x12, 0x20);
    assertThat(fromBase58.publicKey()).isEmpty();
  }

  @Test
  void specExampleEd25519Identity() {
    PeerId id = PeerId.fromString(ED25519_BASE58);
    PublicKey key = id.publicKey().orElseThrow();
    assertThat(key.type()).isEqualTo(KeyType.ED25519);
    assertThat(key.raw()).isEqualTo(hex(ED25519_RAW));
    assertThat(id.matches(key)).isTrue();
    assertThat(PeerId.fromPublicKey(key)).isEqualTo(id);
    assertThat(id.toBytes()).isEqualTo(hex("002408011220" + ED25519_RAW));
    assertThat(id.toBase58()).isEqualTo(ED25519_BASE58);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bafzaajaiaejcal72gwuz2or47oyxxn6b3rkwdmmkrxgkjxzy3rqt5kczyn7lcm3l",
        "BAFZAAJAIAEJCAL72GWUZ2OR47OYXXN6B3RKWDMMKRXGKJXZY3RQT5KCZYN7LCM3L",
        "k51qzi5uqu5dhdmyb9bd18pypu2wp5lpv2xnskfmrqa4lb5knqryrotb05e7or",
        "z5AanNVJCxnJ4fhdT9DsSUYvwjgHpsJ4pn4bueg8bvDe6b1tDj9rmdk",
        "f01720024080112202ffa35a99d3a3cfbb17bb7c1dc5561b18a8dcca4df38dc613ea859c37eb1336b",
      })
  void parsesCidsInEveryMultibase(String cid) {
    assertThat(PeerId.fromString(cid).toBase58()).isEqualTo(ED25519_BASE58);
  }

  @Test
  void derivesIdentityOrSha256ByMarshalledLength() {
    PrivateKey ed25519 = Keys.generateEd25519();
    PeerId id = PeerId.fromPublicKey(ed25519.publicKey());
    assertThat(id.toBase58()).startsWith("12D3KooW");
    assertThat(id.toCidString()).startsWith("bafzaa");
    assertThat(id.publicKey()).contains(ed25519.publicKey());
    assertThat(id.matches(ed25519.publicKey())).isTrue();
    assertThat(id.matches(Keys.generateEd25519().publicKey())).isFalse();
    assertThat(PeerId.fromString(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.fromString(id.toCidString())).isEqualTo(id);
    assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
  }

  @Test
  void ordersByUnsignedBytes() {
    List<PeerId> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(PeerId.fromPublicKey(Keys.generateEd25519().publicKey()));
    }
    ids.add(PeerId.fromString(SHA256_BASE58));
    Collections.shuffle(ids);
    Collections.sort(ids);
    for (int i = 1; i < ids.size(); i++) {
      assertThat(java.util.Arrays.compareUnsigned(ids.get(i - 1).toBytes(), ids.get(i).toBytes()))
          .isNegative();
    }
    // identity (0x00) ids sort before sha2-256 (0x12) ones.
    assertThat(ids.get(ids.size() - 1).toBase58()).isEqualTo(SHA256_BASE58);
    assertThat(ids.get(0).compareTo(ids.get(0))).isZero();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | empty peer id",
        "Qm0yQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N | peer id"
            + " \"Qm0yQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N\" is not base58btc: invalid"
            + " base58btc character '0' at index 2",
        "hello | peer id \"hello\" is neither a base58btc multihash (1…, Qm…) nor a multibase CID:"
            + " unsupported multibase prefix 'h'",
        "bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe | peer id"
            + " \"bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe\" is a CID with codec"
            + " 0x70, not libp2p-key (0x72)",
        "zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N | peer id"
            + " \"zQmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N\" is not a CIDv1 (version 18)",
        "bajzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe | peer id"
            + " \"bajzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe\" is not a CIDv1"
            + " (version 2)",
        "b | peer id \"b\" is not a valid CID: input ends inside the CID version varint at byte 0",
      })
  void rejectsInvalidText(String text, String message) {
    assertThatThrownBy(() -> PeerId.fromString(text))
        .isInstanceOf(InvalidPeerIdException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsOverlongText() {
    assertThatThrownBy(() -> PeerId.fromString("Qm" + "a".repeat(300)))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessage("peer id text of 302 characters is too long");
  }

  @Test
  void rejectsATruncatedMultihashInText() {
    byte[] bytes = PeerId.fromString(SHA256_BASE58).toBytes();
    byte[] cid = new byte[2 + 33];
    cid[0] = 0x01; // CIDv1
    cid[1] = 0x72; // libp2p-key
    System.arraycopy(bytes, 0, cid, 2, 33);
    String truncated = Multibase.encode(Multibase.Base.BASE32, cid);
    assertThatThrownBy(() -> PeerId.fromString(truncated))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessage("multihash says 32 digest bytes but 31 follow the header");
  }

  static Stream<Arguments> invalidBytes() {
    return Stream.of(
        arguments(
            "", "bad peer id multihash: input ends inside the multihash code varint at byte 0"),
        arguments(
            "1340" + "00".repeat(64),
            "multihash code 0x13 is not a peer id (identity 0x00 or sha2-256 0x12)"),
        arguments("121f" + "00".repeat(31), "sha2-256 peer id digest must be 32 bytes, got 31"),
        arguments(
            "1220" + "00".repeat(31), "multihash says 32 digest bytes but 31 follow the header"),
        arguments("8000", "bad peer id multihash: non-minimal multihash code varint at byte 0"),
        arguments(
            "000401020304",
            "identity peer id does not hold a valid public key: bad PublicKey protobuf:"
                + " unexpected field 0 (wire type 1) at byte 0"));
  }

  @ParameterizedTest
  @MethodSource("invalidBytes")
  void rejectsInvalidBytes(String hex, String message) {
    assertThatThrownBy(() -> PeerId.fromBytes(hex(hex)))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsANonCanonicalInlineKey() {
    // The spec's Ed25519 key with its two fields swapped: valid protobuf, but not the key's
    // deterministic encoding, so it would be a second id for the same peer.
    byte[] swapped = hex("1220" + ED25519_RAW + "0801");
    byte[] multihash = new byte[2 + swapped.length];
    multihash[1] = (byte) swapped.length;
    System.arraycopy(swapped, 0, multihash, 2, swapped.length);
    assertThatThrownBy(() -> PeerId.fromBytes(multihash))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessage("identity peer id holds a non-canonical key encoding");
  }

  @Test
  void rejectsAnInlineKeyLongerThan42Bytes() {
    byte[] ecdsa = TestData.specKeyVectors().get("ecdsa-public");
    byte[] multihash = new byte[2 + ecdsa.length];
    multihash[1] = (byte) ecdsa.length;
    System.arraycopy(ecdsa, 0, multihash, 2, ecdsa.length);
    assertThatThrownBy(() -> PeerId.fromBytes(multihash))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessage(
            "identity peer id holds 95 key bytes; keys over 42 bytes must be hashed with"
                + " sha2-256");
  }

  @Test
  void bytesAreCopied() {
    PeerId id = PeerId.fromString(SHA256_BASE58);
    byte[] bytes = id.toBytes();
    bytes[5] ^= 1;
    assertThat(id.toBase58()).isEqualTo(SHA256_BASE58);
    assertThat(PeerId.fromBytes(bytes)).isNotEqualTo(id);
  }
}
