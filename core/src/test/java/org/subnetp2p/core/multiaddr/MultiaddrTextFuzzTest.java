package org.subnetp2p.core.multiaddr;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.subnetp2p.core.testing.Allocations;

/**
 * {@link Multiaddr#parse} on any text (the input's UTF-8): it fails only with {@link
 * MultiaddrException}, and what it accepts is stable: parsing the canonical text gives the same
 * address and the same text, and the binary form decodes back to it.
 */
class MultiaddrTextFuzzTest {
  static {
    Multiaddr.parse("/ip4/127.0.0.1/tcp/1"); // class initialisation is not the parser's allocation
  }

  @FuzzTest
  void parse(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    Multiaddr parsed;
    try {
      parsed =
          Allocations.atMost(Allocations.SLACK + 64L * input.length, () -> Multiaddr.parse(text));
    } catch (MultiaddrException rejected) {
      return;
    }
    MultiaddrChecks.checkConsistent(parsed);
  }
}
