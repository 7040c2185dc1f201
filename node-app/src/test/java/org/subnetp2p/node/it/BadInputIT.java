package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind: one line on stderr, exit code 2, nothing on stdout. */
class BadInputIT {
  @TempDir Path dir;

  private void assertBadInput(String expectedError, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    try (NodeProcess p = NodeProcess.start(dir, env, args)) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.describe()).isEqualTo(2);
      assertThat(p.errorLines()).as(p.describe()).hasSize(1);
      assertThat(p.errorLines().get(0)).startsWith("error: " + expectedError);
      assertThat(p.stdout()).isEmpty();
    }
  }

  private void assertBadInput(String expectedError, String... args)
      throws IOException, InterruptedException {
    assertBadInput(expectedError, Map.of(), args);
  }

  @Test
  void unknownKeyInTheConfigFile() throws Exception {
    Files.writeString(dir.resolve("node.properties"), "listen=/ip4/127.0.0.1/tcp/0\ncolour=blue\n");

    assertBadInput(
        "unknown config key \"colour\" in node.properties; known: admin, bootstrap,",
        "run",
        "--config",
        "node.properties",
        "--identity",
        "node.key");
  }

  @Test
  void unknownEnvironmentVariable() throws Exception {
    assertBadInput(
        "unknown environment variable SUBNET_NODE_COLOUR; known: SUBNET_NODE_ADMIN,",
        Map.of("SUBNET_NODE_COLOUR", "blue"),
        "run",
        "--identity",
        "node.key");
  }

  @Test
  void malformedMultiaddr() throws Exception {
    assertBadInput(
        "invalid multiaddr in --listen: invalid ip4 address \"999.1.1.1\"",
        "run",
        "--listen",
        "/ip4/999.1.1.1/tcp/4001",
        "--identity",
        "node.key");
  }

  @Test
  void corruptIdentityFile() throws Exception {
    Files.write(dir.resolve("corrupt.key"), new byte[] {(byte) 0xff, 0x13, 0x37, 0x00, 0x42});

    assertBadInput(
        "identity file corrupt.key is not a libp2p private key",
        "run",
        "--identity",
        "corrupt.key");
    assertBadInput("identity file corrupt.key is not a libp2p private key", "id", "corrupt.key");
  }

  @Test
  void unreadableIdentityFile() throws Exception {
    Files.createDirectory(dir.resolve("a-directory.key"));

    assertBadInput(
        "cannot read identity file a-directory.key", "run", "--identity", "a-directory.key");
    assertBadInput("identity file missing.key does not exist", "id", "missing.key");
  }

  @Test
  void portInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String listen = "/ip4/127.0.0.1/tcp/" + taken.getLocalPort();

      assertBadInput(
          "cannot listen on " + listen + ": address already in use",
          "run",
          "--listen",
          listen,
          "--identity",
          "node.key");
    }
  }

  @Test
  void unknownProviderNames() throws Exception {
    assertBadInput(
        "unknown protocol \"foo\"; known: task",
        "run",
        "--protocols",
        "task,foo",
        "--identity",
        "n.key");
    assertBadInput(
        "unknown discovery provider \"carrier-pigeon\"; known: chain",
        "run",
        "--discovery",
        "carrier-pigeon",
        "--identity",
        "n.key");
    assertBadInput(
        "unknown gater \"registered\"; known: allow-all",
        Map.of("SUBNET_NODE_GATER", "registered"),
        "run",
        "--identity",
        "n.key");
  }

  @Test
  void chainProvidersWithoutTheChainSayWhatIsMissing() throws Exception {
    assertBadInput(
        "discovery provider \"chain\": discovery.chain needs --chain-rpc URL",
        "run",
        "--discovery",
        "chain",
        "--identity",
        "n.key");
    assertBadInput(
        "gater \"chain\": gater.chain needs --registry 0xADDRESS",
        "run",
        "--gater",
        "chain",
        "--chain-rpc",
        "http://127.0.0.1:8545",
        "--identity",
        "n.key");
    assertBadInput(
        "invalid subnet id \"-1\" in --subnet-id",
        "run",
        "--subnet-id",
        "-1",
        "--identity",
        "n.key");
  }

  @Test
  void adminOffLoopback() throws Exception {
    assertBadInput(
        "admin address \"0.0.0.0:9090\" in --admin is not a loopback address",
        "run",
        "--admin",
        "0.0.0.0:9090",
        "--identity",
        "n.key");
  }

  @Test
  void usageErrors() throws Exception {
    assertBadInput("Unknown option: '--bogus' (see 'subnet-node run --help')", "run", "--bogus");
    assertBadInput("Missing required options: '--task-id", "call", "/ip4/127.0.0.1/tcp/1");
    assertBadInput("Unmatched argument at index 0: 'fly'", "fly");
  }
}
