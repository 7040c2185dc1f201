package org.subnetp2p.discovery.gossip.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.subnetp2p.core.testing.Allocations;

/**
 * The strict JSON parser of the heartbeat records on any bytes: it fails only with {@link
 * JsonException}, whose message never quotes the input (short, printable), allocates in proportion
 * to the input, and what it accepts the canonical writer writes back into JSON that parses to the
 * same value, writing it the same way again.
 */
class JsonFuzzTest {
  private static final Json.Limits LIMITS = new Json.Limits(64 << 10, 32);
  private static final Json.Limits UNLIMITED = new Json.Limits(Integer.MAX_VALUE, 32);

  @FuzzTest
  void parse(byte[] input) throws Exception {
    Object value;
    try {
      value =
          Allocations.atMost(
              Allocations.SLACK + 256L * input.length, () -> Json.parse(input, LIMITS));
    } catch (JsonException refused) {
      assertThat(refused.getMessage()).hasSizeLessThanOrEqualTo(120).matches("[ -~]*");
      return;
    }
    byte[] canonical = CanonicalJson.write(value);
    Object again = Json.parse(canonical, UNLIMITED);
    assertThat(again).isEqualTo(value);
    assertThat(CanonicalJson.write(again)).isEqualTo(canonical);
  }
}
