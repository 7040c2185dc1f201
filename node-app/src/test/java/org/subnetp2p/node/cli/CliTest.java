package org.subnetp2p.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import picocli.CommandLine;

/** The command line in this JVM: help, usage errors, output formats. */
class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd =
        Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "run", "call", "find-peer", "demo", "keygen", "id"})
  void everyCommandHasHelp(String command) {
    String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};

    assertThat(run(args)).isZero();
    assertThat(out.toString())
        .startsWith("Usage: subnet-node" + (command.isEmpty() ? "" : " " + command));
  }

  @Test
  void runHelpDocumentsEveryKeyAndThePrecedence() {
    run("run", "--help");

    assertThat(out.toString())
        .contains("--listen", "--bootstrap", "--identity", "--protocols", "--log-level")
        .contains("--admin", "--config", "--discovery", "--gater", "--host")
        .contains("--subnet-id", "--chain-rpc", "--registry")
        .contains("SUBNET_NODE_", "flag > environment > file > default");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"run", "call", "find-peer", "publish", "demo", "keygen", "id", "registry list"})
  void everyCommandTakesTheLoggingOptionsWithItsDefaultLevel(String command) {
    String[] args = (command + " --help").split(" ");

    assertThat(run(args)).isZero();
    String level = command.equals("run") ? "info" : "warn";
    assertThat(out.toString())
        .contains("--log-format=<format>")
        .containsPattern(
            "--log-level=<level>\\s+error, warn, info, debug or trace \\(default: "
                + level
                + "\\)");
  }

  @Test
  void aBadChainUrlIsBadInput() {
    String registry = "0x" + "00".repeat(20);
    assertThat(
            run(
                "registry",
                "list",
                "--chain-rpc",
                "ftp://x",
                "--registry",
                registry,
                "--subnet-id",
                "1"))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "error: invalid chain RPC URL \"ftp://x\" (expected http://host:port or https://...)\n");
  }

  @Test
  void aBadLogLevelExitsTwo() {
    assertThat(run("keygen", "--log-level", "loud")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid log level \"loud\" in --log-level");
  }

  @Test
  void demoWithChainSaysWhatToDoWhenAnvilIsNotThere(@TempDir Path dir) {
    String missing = dir.resolve("anvil").toString();
    System.setProperty("subnet.anvil", missing);
    try {
      assertThat(run("demo", "--with-chain", "--peers", "2")).isEqualTo(2);
    } finally {
      System.clearProperty("subnet.anvil");
    }
    assertThat(err.toString())
        .startsWith("error: --with-chain needs anvil: " + missing)
        .contains("SUBNET_ANVIL")
        .hasLineCount(1);
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    assertThat(run("run", "--bogus")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("error: Unknown option: '--bogus' (see 'subnet-node run --help')\n");
  }

  @Test
  void aMissingCommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: missing command");
  }

  @Test
  void callNeedsItsOptions() {
    assertThat(run("call", "/ip4/127.0.0.1/tcp/1")).isEqualTo(2);
    assertThat(err.toString()).contains("--task-id", "--payload");
  }

  @Test
  void keygenWritesTheSubnetFormByDefaultAndTheLibp2pFormOnRequest(@TempDir Path dir)
      throws Exception {
    Path subnet = dir.resolve("subnet.key");
    Path libp2p = dir.resolve("libp2p.key");
    assertThat(run("keygen", "--out", subnet.toString())).isZero();
    String subnetId = out.toString().strip();
    assertThat(run("keygen", "--out", libp2p.toString(), "--format", "libp2p")).isZero();
    String libp2pId = out.toString().strip().lines().reduce((a, b) -> b).orElseThrow();

    assertThat(Files.readAllBytes(subnet)).hasSize(36).startsWith(0x08, 0x01, 0x12, 0x20);
    assertThat(Files.readAllBytes(libp2p)).hasSize(68).startsWith(0x08, 0x01, 0x12, 0x40);
    assertThat(subnetId).startsWith("12D3KooW");
    assertThat(libp2pId).startsWith("12D3KooW").isNotEqualTo(subnetId);
    assertThat(run("id", subnet.toString())).isZero();
    assertThat(run("id", libp2p.toString())).isZero();
    assertThat(out.toString().strip().lines().toList().subList(2, 4))
        .containsExactly(subnetId, libp2pId);
  }

  @Test
  void keygenRefusesAnUnknownFormat(@TempDir Path dir) {
    Path file = dir.resolve("k.key");
    assertThat(run("keygen", "--out", file.toString(), "--format", "pem")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("error: Invalid value for option '--format': expected subnet or libp2p")
        .contains("\"pem\"");
    assertThat(file).doesNotExist();
  }

  @Test
  void badValuesExitTwo() {
    assertThat(run("demo", "--peers", "1")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: --peers must be between 2 and 64, was 1\n");
  }

  @Test
  void theCallResponseIsOneLine() {
    TaskResponse ok =
        TaskResponse.newBuilder()
            .setAccepted(true)
            .setResult(ByteString.copyFromUtf8("HI"))
            .build();
    TaskResponse refused = TaskResponse.newBuilder().setAccepted(false).setError("busy").build();

    assertThat(CallCommand.format(ok)).isEqualTo("accepted=true result=HI");
    assertThat(CallCommand.format(refused)).isEqualTo("accepted=false result= error=busy");
  }

  @Test
  void theDemoTableAlignsItsColumns() {
    StringWriter table = new StringWriter();
    DemoTable.print(
        new PrintWriter(table, true),
        List.of(
            new DemoNetwork.Call(
                "node1", "node2", "gossip,dht", "gossip", true, "ok: X", Duration.ofMillis(3)),
            new DemoNetwork.Call(
                "node10", "node1", "-", "identify", false, "failed: down", Duration.ofMillis(12))));

    assertThat(table.toString().lines())
        .containsExactly(
            "caller  callee  found by    address from  result        latency",
            "node1   node2   gossip,dht  gossip        ok: X         3.0 ms",
            "node10  node1   -           identify      failed: down  12.0 ms");
  }
}
