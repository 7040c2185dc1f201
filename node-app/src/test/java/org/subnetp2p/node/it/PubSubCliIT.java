package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --subscribe} and {@code publish} as separate processes, over real TCP, and the scores
 * on the admin endpoint.
 */
class PubSubCliIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses(() -> dir);

  @Test
  void publishReachesASubscriberThroughAnotherNodeAndPrintsOneJsonLine() throws Exception {
    NodeProcess a =
        processes.start(
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "a.key",
            "--subscribe",
            "news",
            "--subscribe",
            "other",
            "--admin",
            "127.0.0.1:0",
            "--log-level",
            "info");
    String addressA = a.nextLine(START);
    NodeProcess b =
        processes.start(
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "b.key",
            "--subscribe",
            "news",
            "--bootstrap",
            addressA);
    String addressB = b.nextLine(START);

    NodeProcess pub =
        processes.start(
            "publish", "news", "héllo \"subnet\"", "--bootstrap", addressB, "--timeout", "30s");
    assertThat(pub.awaitExit(START)).as(pub.describe()).isZero();
    assertThat(pub.stdout()).isEmpty();

    String peerIdOfPublisher = null;
    for (NodeProcess subscriber : List.of(a, b)) {
      JsonNode line = JSON.readTree(subscriber.nextLine(START));
      assertThat(line.get("topic").asText()).isEqualTo("news");
      assertThat(line.get("data").asText()).isEqualTo("héllo \"subnet\"");
      assertThat(line.get("from").asText()).startsWith("12D3KooW");
      assertThat(List.of(line.fieldNames().next())).containsExactly("topic");
      peerIdOfPublisher = line.get("from").asText();
    }
    assertThat(peerIdOfPublisher).isNotIn(addressA, addressB);

    // The admin endpoint shows the topics, their mesh and the scores.
    String adminLine =
        a.stderr().lines().filter(l -> l.contains("admin endpoint on")).findFirst().orElseThrow();
    String url = adminLine.substring(adminLine.indexOf("http://")).trim() + "/pubsub";
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    JsonNode pubsub;
    try (var in = c.getInputStream()) {
      pubsub = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      c.disconnect();
    }
    assertThat(pubsub.get("enabled").asBoolean()).isTrue();
    // peer_state: the heartbeat of the gossip discovery, on by default.
    assertThat(pubsub.get("topics").findValuesAsText("topic"))
        .containsExactly("news", "other", "peer_state");
    String idB = addressB.substring(addressB.lastIndexOf('/') + 1);
    assertThat(pubsub.get("scores").findValuesAsText("peer")).contains(idB);
  }

  @Test
  void publishWithoutASubscriberExitsThree() throws Exception {
    NodeProcess a =
        processes.start("run", "--listen", "/ip4/127.0.0.1/tcp/0", "--identity", "a.key");
    String addressA = a.nextLine(START);
    NodeProcess pub =
        processes.start("publish", "nobody", "x", "--bootstrap", addressA, "--timeout", "2s");
    assertThat(pub.awaitExit(START)).as(pub.describe()).isEqualTo(3);
    assertThat(pub.errorLines())
        .singleElement()
        .asString()
        .contains("no peer subscribed to \"nobody\" appeared within 2s");
  }
}
