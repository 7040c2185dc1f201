package org.subnetp2p.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;

/**
 * The node jar against a real anvil (one block a second, as a chain has): {@code registry deploy,
 * register, update, list, remove}, a node run with {@code --gater chain --discovery chain}, calls
 * from a registered and an unregistered identity, and a removed peer cut.
 */
class ChainIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern ADMIN = Pattern.compile("admin endpoint on (http://[0-9.:]+)");

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses(() -> dir);
  private Anvil anvil;

  @BeforeEach
  void startChain() throws IOException {
    anvil = Anvil.start(Anvil.options().blockTime(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stopAll() {
    if (anvil != null) {
      anvil.close();
    }
  }

  private static Map<String, String> key() {
    return Map.of("SUBNET_NODE_CHAIN_KEY", "0x" + DevAccounts.hex(0));
  }

  /** Runs a command to its end; fails unless it exits with {@code expected}. */
  private NodeProcess finish(int expected, Map<String, String> env, String... args)
      throws Exception {
    NodeProcess p = processes.start(env, args);
    assertThat(p.awaitExit(COMMAND)).as("%s", p.describe()).isEqualTo(expected);
    return p;
  }

  private String rpc() {
    return anvil.rpcUrl().toString();
  }

  /** Writes a fresh identity file (in this JVM: every process started costs seconds). */
  private String peerId(String identity) {
    PrivateKey key = Keys.generateEd25519();
    KeyFiles.write(dir.resolve(identity), key);
    return PeerId.fromPublicKey(key.publicKey()).toString();
  }

  @Test
  void theRegistryCommandsAndAGatedNodeOnARealChain() throws Exception {
    String registry = finish(0, key(), "registry", "deploy", "--chain-rpc", rpc()).stdout().get(0);
    assertThat(registry).matches("0x[0-9a-f]{40}");

    String gatedId = peerId("gated.key");
    String memberId = peerId("member.key");
    NodeProcess gated =
        processes.start(
            Map.of(),
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "gated.key",
            "--gater",
            "chain",
            "--discovery",
            "chain",
            "--chain-rpc",
            rpc(),
            "--registry",
            registry,
            "--subnet-id",
            "7",
            "--admin",
            "127.0.0.1:0");
    String gatedAddress = gated.nextLine(START);
    String port = gatedAddress.replaceAll(".*/tcp/(\\d+)/.*", "$1");

    for (String[] node : new String[][] {{"gated.key", port}, {"member.key", "1"}}) {
      finish(
          0,
          key(),
          "registry",
          "register",
          "--chain-rpc",
          rpc(),
          "--registry",
          registry,
          "--subnet-id",
          "7",
          "--identity",
          node[0],
          "--address",
          "/ip4/127.0.0.1/tcp/" + node[1]);
    }
    // The registrant moves its peer: the list shows the new address only.
    finish(
        0,
        key(),
        "registry",
        "update",
        "--chain-rpc",
        rpc(),
        "--registry",
        registry,
        "--subnet-id",
        "7",
        "--identity",
        "member.key",
        "--address",
        "/ip4/127.0.0.1/tcp/2");
    List<String> listed =
        finish(
                0,
                Map.of(),
                "registry",
                "list",
                "--chain-rpc",
                rpc(),
                "--registry",
                registry,
                "--subnet-id",
                "7")
            .stdout();
    assertThat(listed)
        .containsExactlyInAnyOrder(
            gatedId + " /ip4/127.0.0.1/tcp/" + port + "/p2p/" + gatedId,
            memberId + " /ip4/127.0.0.1/tcp/2/p2p/" + memberId);

    // A registered identity is admitted once the registration has its confirmations.
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                processes
                        .start(
                            Map.of(),
                            "call",
                            gatedAddress,
                            "--identity",
                            "member.key",
                            "--task-id",
                            "t1",
                            "--payload",
                            "member")
                        .awaitExit(COMMAND)
                    == 0);

    // With the chain as the only source, a one-shot node finds the gated node by its peer id
    // alone (no bootstrap peer) and calls it.
    String[] chainFlags = {
      "--discovery", "chain", "--chain-rpc", rpc(), "--registry", registry, "--subnet-id", "7"
    };
    List<String> found =
        finish(0, Map.of(), concat(new String[] {"find-peer", gatedId}, chainFlags)).stdout();
    assertThat(found).contains(gatedAddress + " chain");
    List<String> answered =
        finish(
                0,
                Map.of(),
                concat(
                    new String[] {
                      "call",
                      gatedId,
                      "--identity",
                      "member.key",
                      "--task-id",
                      "t3",
                      "--payload",
                      "x"
                    },
                    chainFlags))
            .stdout();
    assertThat(answered).singleElement().asString().startsWith("accepted=true");

    // An unregistered one is refused right after the handshake: a typed error, exit 3.
    NodeProcess intruder =
        finish(3, Map.of(), "call", gatedAddress, "--task-id", "t2", "--payload", "intruder");
    assertThat(intruder.errorLines())
        .singleElement()
        .asString()
        .contains("not admitted")
        .contains(gatedId);

    String admin = adminUrl(gated);
    assertThat(get(admin + "/status")).contains("\"gater.chain\"").contains("\"state\":\"synced\"");
    assertThat(get(admin + "/metrics"))
        .contains("subnet_gater_answers_total{decision=\"refused\",gater=\"chain\",")
        .contains("subnet_gater_decisions_total{decision=\"refused\",stage=\"secured\"}");

    // The member holds a connection; removed from the registry, it is cut.
    NodeProcess member =
        processes.start(
            Map.of(),
            "run",
            "--listen",
            "/ip4/127.0.0.1/tcp/0",
            "--identity",
            "member.key",
            "--bootstrap",
            gatedAddress);
    member.nextLine(START);
    await().atMost(WAIT).until(() -> get(admin + "/peers").contains(memberId));
    finish(
        0,
        key(),
        "registry",
        "remove",
        "--chain-rpc",
        rpc(),
        "--registry",
        registry,
        "--subnet-id",
        "7",
        "--peer",
        memberId);
    await().atMost(WAIT).until(() -> gated.stderr().contains("disconnecting " + memberId));
  }

  @Test
  void theChainKeyNeverComesFromAFlagAndItsAbsenceIsBadInput() throws Exception {
    NodeProcess noKey = finish(2, Map.of(), "registry", "deploy", "--chain-rpc", rpc());
    assertThat(noKey.errorLines()).singleElement().asString().contains("SUBNET_NODE_CHAIN_KEY");
    finish(
        2, Map.of(), "registry", "deploy", "--chain-rpc", rpc(), "--chain-key", DevAccounts.hex(0));
    NodeProcess badKey =
        finish(
            2,
            Map.of("SUBNET_NODE_CHAIN_KEY", "0xnot-a-key"),
            "registry",
            "deploy",
            "--chain-rpc",
            rpc());
    assertThat(badKey.stderr()).doesNotContain("not-a-key");
  }

  @Test
  void aChainThatCannotBeReachedIsANetworkFailure() throws Exception {
    anvil.close();
    finish(3, key(), "registry", "deploy", "--chain-rpc", rpc());
  }

  private static String adminUrl(NodeProcess node) {
    Matcher m = ADMIN.matcher(node.stderr());
    assertThat(m.find()).as("the admin endpoint's address in %s", node.stderr()).isTrue();
    return m.group(1);
  }

  private static String get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
