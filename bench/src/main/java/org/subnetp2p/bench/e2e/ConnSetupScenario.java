package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Connection set-up rate: sequentially, a new TCP + Noise + Yamux connection, a first stream (one
 * ping round trip), close; connections per second over the whole loop. Each pair gets a fresh
 * client process (a Java host keeps one connection per peer and would close a second one from a
 * client already connected for the other scenarios), warmed up by an untimed loop first, of {@link
 * RunConfig#connSetupWarmup()} connections for every pair alike. The JVM compiles code that runs
 * once per connection only after thousands of connections: Java's CPU per connection (both
 * processes) falls fivefold between the 1,000th and the 10,000th, where js-libp2p's is flat after
 * 1,500 (BENCHMARKS.md, "What bounds the targets").
 */
final class ConnSetupScenario implements Scenario {
  static final String NAME = "connection set-up";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** A warm-up cut short by this (a js peer on a loaded machine) ends early, and is logged. */
  private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(10);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Session session, int round) throws Exception {
    int count = session.config.connSetups();
    for (Pair pair : session.pairs) {
      String address = session.server(pair.server()).address();
      try (PeerProcess client = session.launcher.peer(pair.client())) {
        JsonNode warm =
            client.command(
                "connsetup",
                WARMUP_TIMEOUT,
                "addr",
                address,
                "count",
                session.config.connSetupWarmup());
        session.log(
            "connsetup %s warm-up: %d connections in %.0f s (%.0f conn/s)",
            pair.label(),
            warm.path("succeeded").asInt(),
            warm.path("elapsedMs").asDouble() / 1000,
            warm.path("perSec").asDouble());
        JsonNode r = client.command("connsetup", TIMEOUT, "addr", address, "count", count);
        if (r.path("errors").asInt() > 0) {
          session.results.error(
              NAME
                  + " "
                  + pair.label()
                  + " round "
                  + round
                  + ": "
                  + r.path("errors").asInt()
                  + " errors; first: "
                  + r.path("firstError").asText());
        }
        session.results.add(NAME, "rate", pair.label(), "conn/s", r.path("perSec").asDouble());
        session.results.add(NAME, "p50", pair.label(), "ms", r.path("p50Ms").asDouble());
        session.log(
            "connsetup %s: %.0f conn/s, p50 %.2f ms",
            pair.label(), r.path("perSec").asDouble(), r.path("p50Ms").asDouble());
      }
    }
  }
}
