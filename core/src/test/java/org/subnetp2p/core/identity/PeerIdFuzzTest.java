package org.subnetp2p.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.subnetp2p.core.testing.Allocations;

/**
 * {@link PeerId#fromBytes} on the input and {@link PeerId#fromString} on its UTF-8 text: both fail
 * only with {@link InvalidPeerIdException}, and an accepted id is canonical: its bytes are the
 * input, and every text form (base58, CID) parses back to it.
 */
class PeerIdFuzzTest {
  static {
    PeerId.fromString("12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf");
  }

  @FuzzTest
  void decode(byte[] input) throws Exception {
    try {
      PeerId id =
          Allocations.atMost(Allocations.SLACK + 64L * input.length, () -> PeerId.fromBytes(input));
      assertThat(id.toBytes()).isEqualTo(input);
      checkConsistent(id);
    } catch (InvalidPeerIdException rejected) {
      // documented
    }

    String text = new String(input, StandardCharsets.UTF_8);
    try {
      checkConsistent(
          Allocations.atMost(
              Allocations.SLACK + 64L * input.length, () -> PeerId.fromString(text)));
    } catch (InvalidPeerIdException rejected) {
      // documented
    }
  }

  private static void checkConsistent(PeerId id) {
    assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
    assertThat(PeerId.fromString(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.fromString(id.toCidString())).isEqualTo(id);
    assertThat(id.toString()).isEqualTo(id.toBase58());
    id.publicKey()
        .ifPresent(
            key -> {
              assertThat(id.matches(key)).isTrue();
              assertThat(PeerId.fromPublicKey(key)).isEqualTo(id);
            });
  }
}
