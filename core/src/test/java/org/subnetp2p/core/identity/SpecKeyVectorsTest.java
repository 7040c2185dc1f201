package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every key test vector of the peer-ids spec: decoding, byte-exact re-encoding, the public key of
 * each private key, and the peer ids.
 *
 * <p>The expected peer ids were computed independently of this code, with Python's hashlib and a
 * ten-line base58 encoder, from the spec's public-key bytes.
 */
class SpecKeyVectorsTest {
  private static final Map<String, byte[]> VECTORS = TestData.specKeyVectors();

  @Test
  void allVectorsAreLoaded() {
    assertThat(VECTORS)
        .containsOnlyKeys(
            "ecdsa-private",
            "ecdsa-public",
            "ed25519-private",
            "ed25519-public",
            "secp256k1-private",
            "secp256k1-public",
            "rsa-private",
            "rsa-public");
  }

  @ParameterizedTest
  @CsvSource({
    "ed25519, ED25519, 32, 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq,"
        + " bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
    "secp256k1, SECP256K1, 33, 16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY,"
        + " bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte",
    "ecdsa, ECDSA, 91, QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk,"
        + " bafzbeidigywdclqvl5hxfefwp5onbffcfife7pza57mmfb4tiqmtkdjw64",
    "rsa, RSA, 550, QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG,"
        + " bafzbeifwzcumbiyql7bhv7fe7mixg6i7aohegq75k234m63bnw6dbicmzu",
  })
  void publicKeyVectors(String label, KeyType type, int rawLength, String peerId, String cid) {
    byte[] protobuf = VECTORS.get(label + "-public");
    PublicKey key = Keys.unmarshalPublicKey(protobuf);

    assertThat(key.type()).isEqualTo(type);
    assertThat(key.raw()).hasSize(rawLength);
    assertThat(key.marshal()).isEqualTo(protobuf);
    assertThat(Keys.publicKey(type, key.raw())).isEqualTo(key);

    PeerId id = PeerId.fromPublicKey(key);
    assertThat(id.toBase58()).isEqualTo(peerId);
    assertThat(id.toCidString()).isEqualTo(cid);
    assertThat(PeerId.fromString(peerId)).isEqualTo(id);
    assertThat(PeerId.fromString(cid)).isEqualTo(id);
    assertThat(id.matches(key)).isTrue();
    // Keys of at most 42 marshalled bytes are inlined in the peer id; longer ones are hashed.
    assertThat(id.publicKey())
        .isEqualTo(protobuf.length <= 42 ? java.util.Optional.of(key) : java.util.Optional.empty());
  }

  @ParameterizedTest
  @CsvSource({"ed25519, ED25519", "ecdsa, ECDSA", "rsa, RSA"})
  void privateKeyVectors(String label, KeyType type) {
    byte[] protobuf = VECTORS.get(label + "-private");
    PrivateKey key = Keys.unmarshalPrivateKey(protobuf);

    assertThat(key.type()).isEqualTo(type);
    assertThat(key.marshal()).isEqualTo(protobuf);
    // "Implementations SHOULD check that they can produce the provided public key from the
    // private key."
    assertThat(key.publicKey().marshal()).isEqualTo(VECTORS.get(label + "-public"));

    byte[] message = "signed by a spec vector key".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = key.sign(message);
    assertThat(key.publicKey().verify(message, signature)).isTrue();
    assertThat(Keys.unmarshalPublicKey(VECTORS.get(label + "-public")).verify(message, signature))
        .isTrue();
  }

  @Test
  void ed25519PrivateVectorIsSeedThenPublicKey() {
    byte[] protobuf = VECTORS.get("ed25519-private");
    byte[] publicRaw = Keys.unmarshalPublicKey(VECTORS.get("ed25519-public")).raw();
    // Header 08 01 12 40, then 32 seed bytes, then the 32 public key bytes.
    assertThat(Arrays.copyOfRange(protobuf, 4 + 32, 4 + 64)).isEqualTo(publicRaw);
    PrivateKey fromSeed = Keys.ed25519PrivateKey(Arrays.copyOfRange(protobuf, 4, 4 + 32));
    assertThat(fromSeed.marshal()).isEqualTo(protobuf);
  }

  /**
   * secp256k1 private keys are not supported, but the vector pair is still checked: its public key
   * is d·G, computed with BouncyCastle's secp256k1 (OpenSSL agrees, see make-signatures.sh).
   */
  @Test
  void secp256k1PrivateVector() {
    byte[] protobuf = VECTORS.get("secp256k1-private");
    assertThatThrownBy(() -> Keys.unmarshalPrivateKey(protobuf))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("secp256k1 private keys are not supported");

    BigInteger d = new BigInteger(1, Arrays.copyOfRange(protobuf, 4, protobuf.length));
    byte[] publicRaw = Keys.unmarshalPublicKey(VECTORS.get("secp256k1-public")).raw();
    assertThat(CustomNamedCurves.getByName("secp256k1").getG().multiply(d).getEncoded(true))
        .isEqualTo(publicRaw);
  }
}
