package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.subnetp2p.core.testing.Allocations;

/**
 * {@link Multiaddr#fromBytes} on any bytes: it fails only with {@link MultiaddrException}, never
 * allocates what a length prefix claims before checking it, and what it accepts is canonical: it
 * encodes back to the same bytes, and its text parses back to it.
 */
class MultiaddrBinaryFuzzTest {
  static {
    Multiaddr.fromBytes(Multiaddr.parse("/ip4/127.0.0.1/tcp/1").toBytes());
  }

  @FuzzTest
  void fromBytes(byte[] input) throws Exception {
    Multiaddr decoded;
    try {
      decoded =
          Allocations.atMost(
              Allocations.SLACK + 64L * input.length, () -> Multiaddr.fromBytes(input));
    } catch (MultiaddrException rejected) {
      return;
    }
    assertThat(decoded.toBytes()).isEqualTo(input);
    MultiaddrChecks.checkConsistent(decoded);
  }
}
