package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  @Test
  void withAdminTheMapStaysUpUntilStopped() throws Exception {
    try (NodeProcess demo =
        NodeProcess.start(dir, "demo", "--peers", "2", "--admin", "127.0.0.1:0")) {
      String serving = null;
      while (serving == null) {
        String line = demo.nextLine(Duration.ofSeconds(60));
        if (line.startsWith("serving the admin page at ")) {
          serving = line;
        }
      }
      Matcher m =
          Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) until Ctrl-C").matcher(serving);
      assertThat(m.find()).as(serving).isTrue();
      assertThat(get(m.group(1))).contains("<canvas id=\"graph\"");
      assertThat(get(m.group(1) + "map.json")).contains("\"connected\":true");

      demo.terminate();
      assertThat(demo.awaitExit(Duration.ofSeconds(30))).as(demo.describe()).isZero();
      assertThat(demo.stdout()).anyMatch(l -> l.startsWith("  node1's admin page: http://"));
    }
  }

  /** The body of a 200 answer to a GET of {@code url}. */
  private static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    try {
      c.setConnectTimeout(5000);
      c.setReadTimeout(5000);
      assertThat(c.getResponseCode()).as(url).isEqualTo(200);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      c.disconnect();
    }
  }
}
