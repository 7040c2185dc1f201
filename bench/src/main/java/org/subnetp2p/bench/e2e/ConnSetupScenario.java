package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Connection set-up rate: sequentially, a new TCP + Noise + Yamux connection, a first stream (one
 * ping round trip), close; connections per second over the whole loop. Each pair gets a fresh
 * client process (a Java host keeps one connection per peer and would close a second one from a
 * client already connected for the other scenarios), warmed up by an untimed loop first (the JVM
 * compiles the per-connection code only after a thousand connections or so).
 */
final class ConnSetupScenario implements Scenario {
  static final String NAME = "connection set-up";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

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
        client.command(
            "connsetup", TIMEOUT, "addr", address, "count", session.config.connSetupWarmup());
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
