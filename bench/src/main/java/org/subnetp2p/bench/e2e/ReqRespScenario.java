package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Task request/response on {@code /subnet/task_protocol/1.0.0}: one connection, one stream per
 * call, {@code concurrency} calls in flight, {@code payloadBytes} of payload each way. The client
 * process measures (ops/s over the measured calls, p50 and p99 latency per call). The runner adds
 * the CPU time both processes used per call (warm-up calls included), which a busy machine disturbs
 * less than the rates.
 */
record ReqRespScenario(int payloadBytes, int concurrency) implements Scenario {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Override
  public String name() {
    String size = payloadBytes >= 1024 ? payloadBytes / 1024 + " KiB" : payloadBytes + " B";
    return "req/resp " + size + ", " + concurrency + " in flight";
  }

  @Override
  public void run(Session session, int round) throws Exception {
    for (Pair pair : session.pairs) {
      PeerProcess server = session.server(pair.server());
      PeerProcess client = session.client(pair.client());
      long cpuBefore = client.cpuMillis() + server.cpuMillis();
      JsonNode r =
          client.command(
              "bench",
              TIMEOUT,
              "addr",
              server.address(),
              "calls",
              session.config.calls(),
              "warmup",
              session.config.warmup(),
              "concurrency",
              concurrency,
              "payloadBytes",
              payloadBytes);
      if (r.path("errors").asInt() > 0 || r.path("warmupErrors").asInt() > 0) {
        session.results.error(
            name()
                + " "
                + pair.label()
                + " round "
                + round
                + ": "
                + r.path("errors").asInt()
                + " errors, "
                + r.path("warmupErrors").asInt()
                + " in warm-up; first: "
                + r.path("firstError").asText());
      }
      session.results.add(
          name(), "throughput", pair.label(), "ops/s", r.path("opsPerSec").asDouble());
      session.results.add(name(), "p50", pair.label(), "ms", r.path("p50Ms").asDouble());
      session.results.add(name(), "p99", pair.label(), "ms", r.path("p99Ms").asDouble());
      long cpu = client.cpuMillis() + server.cpuMillis() - cpuBefore;
      int calls = session.config.calls() + session.config.warmup();
      session.results.add(
          name(), "CPU per call, both sides", pair.label(), "µs", cpu * 1000.0 / calls);
      session.log(
          "%s %s: %.0f ops/s, p50 %.3f ms, p99 %.3f ms",
          name(),
          pair.label(),
          r.path("opsPerSec").asDouble(),
          r.path("p50Ms").asDouble(),
          r.path("p99Ms").asDouble());
    }
  }
}
