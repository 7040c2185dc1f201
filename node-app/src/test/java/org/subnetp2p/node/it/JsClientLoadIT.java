package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.transport.interop.JsPeer;

/**
 * A js-libp2p client with many task calls in flight on one connection against {@code subnet-node
 * run} exactly as shipped (only a loopback listen address, no tuning): every call is answered.
 * Requests beyond the template's concurrency limit wait their turn instead of being reset. Rates
 * are measured by {@code bench/run.sh --only shipped}, never asserted here.
 */
@Timeout(value = 300)
class JsClientLoadIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration BENCH = Duration.ofSeconds(120);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} calls in flight")
  @ValueSource(ints = {64, 256})
  void everyCallIsAnswered(int inFlight) throws Exception {
    try (NodeProcess node = NodeProcess.start(dir, "run", "--listen", "/ip4/127.0.0.1/tcp/0");
        JsPeer js = JsPeer.start()) {
      String address = node.nextLine(START);

      JsonNode r =
          js.command(
              "bench",
              BENCH,
              "addr",
              address,
              "calls",
              4 * inFlight,
              "warmup",
              inFlight,
              "concurrency",
              inFlight,
              "payloadBytes",
              64,
              "callTimeoutMs",
              60_000);

      assertThat(r.path("warmupErrors").asInt()).as(r.toString()).isZero();
      assertThat(r.path("errors").asInt()).as(r.toString()).isZero();
      assertThat(r.path("succeeded").asInt()).isEqualTo(4 * inFlight);
      assertThat(node.stderr()).doesNotContain("Received task");
    }
  }

  @Test
  void singleRequestsAreNotLoggedAtInfo() throws Exception {
    try (NodeProcess node = NodeProcess.start(dir, "run", "--listen", "/ip4/127.0.0.1/tcp/0");
        JsPeer js = JsPeer.start()) {
      String address = node.nextLine(START);

      JsonNode r = js.command("call", START, "addr", address, "taskId", "t1", "payloadB64", "YWI=");

      assertThat(r.path("resultB64").asText()).isEqualTo("QUI="); // "AB"
      node.terminate();
      assertThat(node.awaitExit(START)).isZero();
      assertThat(node.stderr()).doesNotContain("Received task");
    }
  }
}
