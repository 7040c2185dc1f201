package org.subnetp2p.discovery.gossip.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;

/**
 * The DAG sync and gossip messages ({@link WireCodec#decode}) on any bytes: decoding fails only
 * with {@link RecordException}, whose message never quotes the input, allocates in proportion to
 * it, and a decoded message encodes to bytes that decode to the same message and encode the same
 * again.
 */
class WireCodecFuzzTest {
  private static final Json.Limits LIMITS = new Json.Limits(64 << 10, 32);
  private static final Json.Limits UNLIMITED = new Json.Limits(Integer.MAX_VALUE, 32);

  @FuzzTest
  void decode(byte[] input) throws Exception {
    WireMessage message;
    try {
      message =
          Allocations.atMost(
              Allocations.SLACK + 256L * input.length, () -> WireCodec.decode(input, LIMITS));
    } catch (RecordException refused) {
      assertThat(refused.getMessage()).hasSizeLessThanOrEqualTo(160).matches("[ -~]*");
      return;
    }
    byte[] encoded = WireCodec.encode(message);
    WireMessage again = WireCodec.decode(encoded, UNLIMITED);
    assertThat(again).isEqualTo(message);
    assertThat(WireCodec.encode(again)).isEqualTo(encoded);
  }
}
