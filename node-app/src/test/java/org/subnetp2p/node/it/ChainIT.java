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
import java.util.Arrays;
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
  private static final String SUBNET = "7";

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

  /** Deploys a registry with the dev account's key; returns its address. */
  private String deploy() throws Exception {
    String registry = finish(0, key(), "registry", "deploy", "--chain-rpc", rpc()).stdout().get(0);
    assertThat(registry).matches("0x[0-9a-f]{40}");
    return registry;
  }

  /** The flags that name the test's subnet on {@code registry}. */
  private String[] onRegistry(String registry) {
    return new String[] {"--chain-rpc", rpc(), "--registry", registry, "--subnet-id", SUBNET};
  }

  /** Runs {@code registry <command>} on the test's subnet with the dev account's key, to exit 0. */
  private void write(String command, String registry, String... args) throws Exception {
    finish(0, key(), concat(new String[] {"registry", command}, onRegistry(registry), args));
  }

  private void register(String registry, String identity, String address) throws Exception {
    write("register", registry, "--identity", identity, "--address", address);
  }

  private void update(String registry, String identity, String address) throws Exception {
    write("update", registry, "--identity", identity, "--address", address);
  }

  private void remove(String registry, String peerId) throws Exception {
    write("remove", registry, "--peer", peerId);
  }

  /** {@code registry list}'s lines, run without a chain key (reading needs none). */
  private List<String> list(String registry) throws Exception {
    return finish(0, Map.of(), concat(new String[] {"registry", "list"}, onRegistry(registry)))
        .stdout();
  }

  /**
   * Starts a node that admits only peers registered on the test's subnet and finds peers on the
   * chain, with an admin endpoint.
   */
  private NodeProcess startGated(String registry, String identity) throws IOException {
    String[] run = {"run", "--listen", "/ip4/127.0.0.1/tcp/0", "--identity", identity};
    String[] chain = {"--gater", "chain", "--discovery", "chain"};
    String[] admin = {"--admin", "127.0.0.1:0"};
    return processes.start(concat(run, chain, onRegistry(registry), admin));
  }

  /** {@code call target} as {@code identity}, with task {@code taskId} and {@code more} flags. */
  private static String[] callArgs(
      String target, String identity, String taskId, String payload, String... more) {
    String[] call = {
      "call", target, "--identity", identity, "--task-id", taskId, "--payload", payload
    };
    return concat(call, more);
  }

  @Test
  void theRegistryCommandsAndAGatedNodeOnARealChain() throws Exception {
    String registry = deploy();

    String gatedId = peerId("gated.key");
    String memberId = peerId("member.key");
    NodeProcess gated = startGated(registry, "gated.key");
    String gatedAddress = gated.nextLine(START);
    String port = gatedAddress.replaceAll(".*/tcp/(\\d+)/.*", "$1");

    register(registry, "gated.key", "/ip4/127.0.0.1/tcp/" + port);
    register(registry, "member.key", "/ip4/127.0.0.1/tcp/1");
    // The registrant moves its peer: the list shows the new address only.
    update(registry, "member.key", "/ip4/127.0.0.1/tcp/2");
    List<String> listed = list(registry);
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
                        .start(callArgs(gatedAddress, "member.key", "t1", "member"))
                        .awaitExit(COMMAND)
                    == 0);

    // With the chain as the only source, a one-shot node finds the gated node by its peer id
    // alone (no bootstrap peer) and calls it.
    String[] chainFlags = concat(new String[] {"--discovery", "chain"}, onRegistry(registry));
    List<String> found =
        finish(0, Map.of(), concat(new String[] {"find-peer", gatedId}, chainFlags)).stdout();
    assertThat(found).contains(gatedAddress + " chain");
    List<String> answered =
        finish(0, Map.of(), callArgs(gatedId, "member.key", "t3", "x", chainFlags)).stdout();
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
    remove(registry, memberId);
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

  private static String[] concat(String[]... parts) {
    return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
  }
}
