package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} nodes as separate processes, and {@code call} between them. */
class RunAndCallIT {
  private static final Duration START = Duration.ofSeconds(30);

  /**
   * Beyond the call's own 30 s default deadline, so that a slow call ends with its own typed error
   * (which the failure then shows) rather than being cut off by the test.
   */
  private static final Duration CALL_EXIT = Duration.ofSeconds(90);

  private static final String ADDRESS = "/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/12D3KooW\\w+";

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses(() -> dir);

  @Test
  void twoNodesAndACallBetweenThem() throws Exception {
    NodeProcess a =
        processes.start("run", "--listen", "/ip4/127.0.0.1/tcp/0", "--identity", "a.key");
    String addressA = a.nextLine(START);
    assertThat(addressA).matches(ADDRESS);
    NodeProcess b =
        processes.start(
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "b.key",
            "--bootstrap",
            addressA);
    String addressB = b.nextLine(START);
    assertThat(addressB).matches(ADDRESS);

    NodeProcess toB =
        processes.start("call", addressB, "--task-id", "t1", "--payload", "hello subnet");
    NodeProcess toA =
        processes.start("call", addressA, "--task-id", "t2", "--payload", "Mixed Case 42");

    assertThat(toB.awaitExit(CALL_EXIT)).as(toB.describe()).isZero();
    assertThat(toB.stdout()).containsExactly("accepted=true result=HELLO SUBNET");
    assertThat(toA.awaitExit(CALL_EXIT)).as(toA.describe()).isZero();
    assertThat(toA.stdout()).containsExactly("accepted=true result=MIXED CASE 42");

    // SIGTERM: a clean stop, exit 0; stdout never carried anything but the address.
    b.terminate();
    assertThat(b.awaitExit(Duration.ofSeconds(20))).as(b.describe()).isZero();
    assertThat(b.stdout()).containsExactly(addressB);
    assertThat(b.stderr())
        .contains(
            "connected to bootstrap peers: 1 of 1 ("
                + addressA.substring(addressA.indexOf("/p2p/") + 5)
                + ")");
    a.terminate();
    assertThat(a.awaitExit(Duration.ofSeconds(20))).as(a.describe()).isZero();
    assertThat(a.stdout()).containsExactly(addressA);
    // toA's answer shows that a served t2; single requests are logged at DEBUG only.
    assertThat(a.stderr()).doesNotContain("Received task");
  }

  @Test
  void settingsComeFromTheConfigFileAndTheEnvironment() throws Exception {
    Files.writeString(
        dir.resolve("node.properties"),
        "identity=from-file.key\nlog-level=warn\nlisten=/ip4/127.0.0.1/tcp/1\n");
    // The environment beats the file: the node does not try port 1.
    NodeProcess node =
        processes.start(
            Map.of("SUBNET_NODE_LISTEN", "/ip4/127.0.0.1/tcp/0"),
            "run",
            "--config",
            "node.properties");

    assertThat(node.nextLine(START)).matches(ADDRESS).doesNotContain("/tcp/1/");
    assertThat(dir.resolve("from-file.key")).exists();
    node.terminate();
    assertThat(node.awaitExit(Duration.ofSeconds(20))).isZero();
    assertThat(node.stderr()).as("log-level=warn from the file").doesNotContain(" INFO ");
  }

  @Test
  void logFormatJsonWritesOneJsonObjectPerLineOnStderr() throws Exception {
    NodeProcess node =
        processes.start(
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "j.key",
            "--log-format",
            "json");

    assertThat(node.nextLine(START)).matches(ADDRESS);
    node.terminate();
    assertThat(node.awaitExit(Duration.ofSeconds(20))).as(node.describe()).isZero();
    List<String> lines = node.stderr().lines().toList();
    assertThat(lines).isNotEmpty();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode entry = json.readTree(line);
      assertThat(entry.isObject()).as(line).isTrue();
      assertThat(entry.get("timestamp").isNumber()).as(line).isTrue();
      assertThat(entry.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
      assertThat(entry.get("loggerName").asText()).as(line).startsWith("org.subnetp2p.");
      assertThat(entry.has("threadName")).as(line).isTrue();
      assertThat(entry.has("formattedMessage")).as(line).isTrue();
    }
    assertThat(lines).anyMatch(l -> l.contains("listening on"));
  }
}
