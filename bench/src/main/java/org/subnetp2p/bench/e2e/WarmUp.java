package org.subnetp2p.bench.e2e;

import java.io.IOException;
import java.time.Duration;

/**
 * Warms the long-lived peer processes before the first measured round: task calls of both sizes and
 * a perf run on every pair, nothing recorded. The JVM's JIT needs tens of thousands of calls to
 * compile the hot paths; V8 warms sooner, but gets the same treatment.
 */
final class WarmUp {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private WarmUp() {}

  static void run(Session session) throws Exception {
    int calls = session.config.processWarmupCalls();
    if (calls == 0) {
      return;
    }
    for (Pair pair : session.pairs) {
      String address = session.server(pair.server()).address();
      PeerProcess client = session.client(pair.client());
      for (int payload : new int[] {64, 16 * 1024}) {
        calls(client, address, calls, payload);
      }
      long perf = 32L << 20;
      client.command("perf", TIMEOUT, "addr", address, "upload", perf, "download", perf);
      session.log("warmed up %s", pair.label());
    }
  }

  /**
   * {@code calls} task calls of {@code payloadBytes} from {@code client}, 64 in flight, unrecorded.
   */
  static void calls(PeerProcess client, String address, int calls, int payloadBytes)
      throws IOException {
    client.command(
        "bench",
        TIMEOUT,
        "addr",
        address,
        "calls",
        calls,
        "warmup",
        0,
        "concurrency",
        64,
        "payloadBytes",
        payloadBytes);
  }
}
