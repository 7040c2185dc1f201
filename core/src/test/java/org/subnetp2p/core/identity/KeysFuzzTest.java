package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.subnetp2p.core.testing.Allocations;

/**
 * The key protobufs, {@link Keys#unmarshalPublicKey} and {@link Keys#unmarshalPrivateKey}, on any
 * bytes: they fail only with {@link InvalidKeyException}; an accepted key marshals to a form that
 * reads back to the same key, has a peer id, and verifies any signature (here, fuzzed bytes)
 * without throwing; an accepted private key signs what its public key verifies.
 */
class KeysFuzzTest {
  private static final byte[] MESSAGE = "fuzz".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static {
    Keys.unmarshalPublicKey(Keys.generateEd25519().publicKey().marshal());
  }

  @FuzzTest
  void unmarshal(FuzzedDataProvider data) throws Exception {
    byte[] signature = data.consumeBytes(data.consumeInt(0, 600));
    byte[] protobuf = data.consumeRemainingAsBytes();
    long bound = Allocations.SLACK + 64L * protobuf.length;

    try {
      PublicKey key = Allocations.atMost(bound, () -> Keys.unmarshalPublicKey(protobuf));
      checkPublic(key);
      key.verify(MESSAGE, signature); // any answer, but an answer
    } catch (InvalidKeyException rejected) {
      // documented
    }

    try {
      PrivateKey key = Allocations.atMost(bound, () -> Keys.unmarshalPrivateKey(protobuf));
      assertThat(Keys.unmarshalPrivateKey(key.marshal())).isEqualTo(key);
      checkPublic(key.publicKey());
      assertThat(key.publicKey().verify(MESSAGE, key.sign(MESSAGE))).isTrue();
    } catch (InvalidKeyException rejected) {
      // documented
    }
  }

  private static void checkPublic(PublicKey key) {
    byte[] marshalled = key.marshal();
    PublicKey again = Keys.unmarshalPublicKey(marshalled);
    assertThat(again).isEqualTo(key);
    assertThat(again.marshal()).isEqualTo(marshalled);
    assertThat(Keys.publicKey(key.type(), key.raw())).isEqualTo(key);
    PeerId id = PeerId.fromPublicKey(key);
    assertThat(id.matches(key)).isTrue();
    assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
  }
}
