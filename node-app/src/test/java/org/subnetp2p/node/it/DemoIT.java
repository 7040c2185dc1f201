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
  void everyCallInTheDemoSucceeds() throws Exception {
    try (NodeProcess demo = NodeProcess.start(dir, "demo")) {
      assertThat(demo.awaitExit(Duration.ofSeconds(90))).as(demo.describe()).isZero();

      List<String> out = demo.stdout();
      assertThat(out)
          .as(demo.describe())
          .contains("caller  callee  learned via  result                      latency");
      // Today only node1, the bootstrap node, learns every peer: 4 calls out, 4 calls in.
      List<String> rows = out.stream().filter(l -> l.matches("node\\d+ +node\\d+ .*")).toList();
      assertThat(rows).hasSize(8).allMatch(r -> r.contains(" ok: HELLO NODE"));
      assertThat(rows).anyMatch(r -> r.matches("node1 +node5 +(identify|connection) +ok: .*"));
      assertThat(rows)
          .anyMatch(r -> r.matches("node5 +node1 +(identify|connection|manual) +ok: .*"));
      assertThat(out).last().isEqualTo("8 of 8 calls succeeded across 5 nodes");
    }
  }
}
