package org.subnetp2p.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.testing.TestNodes;
import org.subnetp2p.protocols.task.TaskProtocol;

/**
 * The README's metrics table names exactly what a node's {@code /metrics} serves, with the right
 * types, after a call, DHT lookups and gossip heartbeats (publishes): it cannot drift from the
 * code. Rows of the chain's providers, which need a chain, are checked for their form only.
 */
class MetricsReadmeTest {
  private static final Pattern ROW =
      Pattern.compile(
          "(?m)^\\| `(subnet_[a-z_]+)` \\| (counter|gauge|histogram|summary) \\|([^|]*)\\| (.+) \\|$");
  @RegisterExtension final TestNodes nodes = new TestNodes();

  private static NodeConfig.Builder config() {
    return NodeConfig.builder()
        .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
        .discovery(List.of("dht", "gossip"))
        .discoveryInterval(Duration.ofSeconds(1));
  }

  @Test
  void theReadmeTableListsEveryMetricTheNodeServes() throws Exception {
    Node first = nodes.start(config().build());
    Node second =
        nodes.start(config().bootstrap(List.of(first.host().dialableAddresses().get(0))).build());
    // A heartbeat of first's reached second: a gossip publish, delivered, with its mesh.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                second.discoveries().stream()
                    .anyMatch(d -> d.find(first.peerId()).getNow(List.of()).size() > 0));
    second
        .protocol(TaskProtocol.class)
        .callRemote(first.peerId(), "t1", ByteString.copyFromUtf8("hello"))
        .get(30, TimeUnit.SECONDS);

    Map<String, String> documented = new TreeMap<>();
    Map<String, String> chainOnly = new TreeMap<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("..", "README.md")));
    while (row.find()) {
      (row.group(4).contains("(chain only)") ? chainOnly : documented)
          .put(row.group(1), row.group(2));
    }

    assertThat(documented)
        .as("the README's metrics table")
        .isEqualTo(
            new TreeMap<>(
                PrometheusText.check(MetricsText.of(first.host(), first.reports()).scrape())));
    assertThat(chainOnly)
        .isNotEmpty()
        .allSatisfy((name, type) -> assertThat(name).startsWith("subnet_"));
  }
}
