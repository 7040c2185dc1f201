package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * {@code demo --with-chain}: the jar starts anvil itself (found beside the jar: the tests run it
 * from a temporary folder), registers its nodes, gates them by the registry, and every node refuses
 * the intruder; anvil goes with the demo, whether it ends by itself or by a signal.
 */
class DemoChainIT {
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final Pattern SERVING =
      Pattern.compile("serving the admin page at (http://127\\.0\\.0\\.1:\\d+/) until Ctrl-C");

  @TempDir Path dir;

  @Test
  void registeredNodesCallEachOtherAndAllRefuseTheIntruder() throws Exception {
    try (NodeProcess demo = NodeProcess.start(dir, "demo", "--with-chain", "--peers", "3")) {
      List<ProcessHandle> anvil = awaitAnvil(demo);
      assertThat(demo.awaitExit(RUN)).as(demo.describe()).isZero();

      List<String> out = demo.stdout();
      assertThat(out.get(0))
          .as(demo.describe())
          .isEqualTo(
              "demo: 3 nodes on 127.0.0.1, discovery dht,gossip,chain, gater chain, gossip"
                  + " heartbeat every 2s (a real subnet: every 20s)");
      List<String> calls = out.stream().filter(l -> l.matches("node\\d +node\\d .*")).toList();
      // Every registered node reached every other by peer id, the registry among the sources.
      assertThat(calls)
          .as(demo.describe())
          .hasSize(6)
          .allMatch(r -> r.matches("node\\d +node\\d +\\S*chain\\S* +\\S+ +ok: HELLO NODE.*"));
      List<String> intrusions = out.stream().filter(l -> l.startsWith("intruder ")).toList();
      assertThat(intrusions)
          .as(demo.describe())
          .hasSize(4)
          .filteredOn(l -> l.matches("intruder +node\\d .*"))
          .hasSize(3)
          .allMatch(r -> r.matches("intruder +node\\d +- +manual +refused: not admitted +.*"));
      assertThat(out)
          .as(demo.describe())
          .contains("6 of 6 calls succeeded across 3 nodes")
          .last()
          .asString()
          .matches("intruder 12D3KooW\\w+ refused by all 3 nodes");
      assertThat(anvil).noneMatch(ProcessHandle::isAlive);
    }
  }

  @Test
  void withAdminItServesUntilStoppedAndThenStopsAnvil() throws Exception {
    try (NodeProcess demo =
        NodeProcess.start(dir, "demo", "--with-chain", "--peers", "2", "--admin", "127.0.0.1:0")) {
      List<ProcessHandle> anvil = awaitAnvil(demo);
      String page = null;
      while (page == null) {
        Matcher m = SERVING.matcher(demo.nextLine(RUN));
        page = m.matches() ? m.group(1) : null;
      }
      assertThat(demo.stdout()).as(demo.describe()).contains("  node1's admin page: " + page);
      // Still serving after the table: the demo's nodes answer until the signal.
      assertThat(get(page + "health")).isEqualTo("ok");
      assertThat(anvil).allMatch(ProcessHandle::isAlive);

      demo.terminate();
      assertThat(demo.awaitExit(RUN)).as(demo.describe()).isZero();
      assertThat(anvil).noneMatch(ProcessHandle::isAlive);
    }
  }

  /** Reads the output until anvil has started; returns the demo's anvil process. */
  private static List<ProcessHandle> awaitAnvil(NodeProcess demo) throws InterruptedException {
    while (!demo.nextLine(RUN).startsWith("  anvil    http://127.0.0.1:")) {
      // the lines before it
    }
    List<ProcessHandle> anvil =
        demo.descendants().stream()
            .filter(p -> p.info().command().orElse("").endsWith("/anvil"))
            .toList();
    assertThat(anvil).as(demo.describe()).hasSize(1);
    return anvil;
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } finally {
      c.disconnect();
    }
  }
}
