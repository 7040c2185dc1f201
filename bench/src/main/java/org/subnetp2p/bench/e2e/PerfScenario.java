package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * libp2p perf ({@code /perf/1.0.0}) on one stream: the client uploads {@link RunConfig#perfBytes}
 * and then downloads as many. Upload is timed from stream open to the first byte back (the server
 * sends nothing before it has drained the upload), download from there to EOF.
 */
final class PerfScenario implements Scenario {
  static final String NAME = "perf";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Session session, int round) throws Exception {
    long bytes = session.config.perfBytes();
    for (Pair pair : session.pairs) {
      PeerProcess server = session.server(pair.server());
      PeerProcess client = session.client(pair.client());
      long cpuBefore = client.cpuMillis() + server.cpuMillis();
      JsonNode r =
          client.command(
              "perf", TIMEOUT, "addr", server.address(), "upload", bytes, "download", bytes);
      double up = r.path("uploadMiBps").asDouble();
      double down = r.path("downloadMiBps").asDouble();
      session.results.add(NAME, "upload", pair.label(), "MiB/s", up);
      session.results.add(NAME, "download", pair.label(), "MiB/s", down);
      long cpu = client.cpuMillis() + server.cpuMillis() - cpuBefore;
      session.results.add(
          NAME, "CPU per MiB, both sides", pair.label(), "ms", cpu / (2.0 * (bytes >> 20)));
      session.log(
          "perf %s: %d MiB up %.0f MiB/s, down %.0f MiB/s", pair.label(), bytes >> 20, up, down);
    }
  }
}
