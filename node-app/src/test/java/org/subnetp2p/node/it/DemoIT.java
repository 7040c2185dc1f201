package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo}: the embedded network needing nothing else. */
class DemoIT {
  @TempDir Path dir;

  @Test
  void everyNodeCallsEveryOtherByPeerIdThroughDiscovery() throws Exception {
    try (NodeProcess demo = NodeProcess.start(dir, "demo")) {
      assertThat(demo.awaitExit(Duration.ofSeconds(90))).as(demo.describe()).isZero();

      List<String> out = demo.stdout();
      assertThat(out.get(0))
          .as(demo.describe())
          .isEqualTo(
              "demo: 5 nodes on 127.0.0.1, discovery dht,gossip, gossip heartbeat every 2s (a"
                  + " real subnet: every 20s)");
      assertThat(out)
          .as(demo.describe())
          .contains(
              "[1/3] starting the nodes, each given only node1's address",
              "[2/3] waiting until each discovery of every node knows every other node",
              "[3/3] every node calls every other by peer id (20 calls)")
          .anyMatch(l -> l.matches("caller +callee +found by +address from +result +latency"));
      // Every node reached every other, by peer id alone: 5 x 4 calls.
      List<String> rows = out.stream().filter(l -> l.matches("node\\d+ +node\\d+ .*")).toList();
      assertThat(rows).as(demo.describe()).hasSize(20).allMatch(r -> r.contains(" ok: HELLO NODE"));
      // Each caller's gossip cache and DHT both knew each callee: two sources, cheapest first.
      assertThat(rows).allMatch(r -> r.matches("node\\d+ +node\\d+ +gossip,dht +\\S+ +ok: .*"));
      // node1's address came with the bootstrap flag; nobody was given any other.
      assertThat(rows)
          .filteredOn(r -> r.matches("node[2-5] +node1 .*"))
          .hasSize(4)
          .allMatch(
              r -> r.matches("node\\d +node1 +gossip,dht +(manual|connection|identify) +ok: .*"));
      assertThat(out).last().isEqualTo("20 of 20 calls succeeded across 5 nodes");
    }
  }
}
