package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;

/**
 * Admission by an on-chain registry, in containers: anvil (one block a second) and five nodes run
 * with {@code --gater chain --discovery chain}. Four register, one does not. The registry is
 * deployed and written with {@code subnet-node registry} inside the nodes' containers, each with
 * its own identity file; calls go from one container's network namespace to another's.
 */
@ExtendWith(DockerSuite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChainClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(ChainClusterIT.class);

  private static final int MEMBERS = 4; // nodes 0..3; node 4 is the intruder
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);
  private static final Duration ADMISSION_WAIT = Duration.ofSeconds(60);

  /** What the issue asks: a removed peer is cut within 10 s of the removal. */
  private static final Duration REMOVAL_LIMIT = Duration.ofSeconds(10);

  private static final String IDENTITY = "/data/identity.key";

  private DockerSuite.Run run;
  private TestNetwork network;
  private AnvilContainer anvil;
  private final List<NodeContainer> nodes = new ArrayList<>();
  private NodeContainer member;

  @BeforeAll
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void startCluster(DockerSuite.Run run) {
    this.run = run;
    network = run.newNetwork("chain");
    anvil = new AnvilContainer(run.anvilImage(), network, "anvil");
    anvil.start();
    for (int i = 0; i <= MEMBERS; i++) {
      nodes.add(gatedNode("node" + i, network.newVolume("node" + i + "-identity"), List.of()));
    }
    Startables.deepStart(nodes).join();
  }

  @AfterAll
  void stopCluster() {
    if (member != null) {
      member.stop();
    }
    nodes.forEach(NodeContainer::stop);
    if (anvil != null) {
      anvil.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  /** A node admitting only registered peers, learning addresses from the registry alone. */
  private NodeContainer gatedNode(String alias, String volume, List<String> more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--listen",
                "/ip4/0.0.0.0/tcp/" + NodeContainer.PORT,
                "--identity",
                IDENTITY,
                "--gater",
                "chain",
                "--discovery",
                "chain"));
    arguments.addAll(new RegistryCli(anvil.rpcUrl()).readFlags());
    arguments.addAll(more);
    NodeContainer node = new NodeContainer(run.nodeImage(), network, alias, volume, arguments);
    // Both the gater and the discovery follow the registry (one reader: same settings).
    node.withEnv("SUBNET_NODE_GATER_CHAIN_POLL_INTERVAL", "500ms");
    node.withEnv("SUBNET_NODE_DISCOVERY_CHAIN_POLL_INTERVAL", "500ms");
    return node;
  }

  /**
   * Runs {@code registry <command> <more>} in {@code in} (a JVM of its own, the key in its
   * environment), signing with dev account {@code account}.
   */
  private CallResult registry(NodeContainer in, int account, String command, List<String> more) {
    List<String> all = new ArrayList<>(List.of("registry", command));
    all.addAll(more);
    all.addAll(List.of("--chain-rpc", anvil.rpcUrl()));
    CallResult r =
        in.command(
            COMMAND_DEADLINE,
            Map.of("SUBNET_NODE_CHAIN_KEY", DevAccounts.hex(account)),
            all.toArray(String[]::new));
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r;
  }

  /** Registers the identity file {@code identity} in {@code in} at {@code address}. */
  private CallResult register(NodeContainer in, int account, String identity, String address) {
    return registry(in, account, "register", RegistryCli.peerFlags(identity, address));
  }

  /** Runs {@code tasks} three at a time: each starts a JVM, and two cores are shared. */
  private static <T> List<T> inParallel(List<Callable<T>> tasks) {
    return CallBatch.runAll(tasks, 3);
  }

  @Test
  @Order(1)
  void theRegistryIsDeployedAndTheMembersRegisterThemselves() {
    assertThat(registry(nodes.get(0), 0, "deploy", List.of()).output())
        .isEqualTo(RegistryCli.REGISTRY);
    // Each member signs with an account of its own, so the registrations can go at once.
    List<Callable<CallResult>> registrations = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      NodeContainer node = nodes.get(i);
      int account = i + 1;
      registrations.add(
          () -> register(node, account, IDENTITY, RegistryCli.withoutPeerId(node.address())));
    }
    inParallel(registrations);
    List<String> listed =
        registry(nodes.get(0), 0, "list", RegistryCli.subnetFlags()).output().lines().toList();
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(
            nodes.subList(0, MEMBERS).stream().map(n -> n.peerId() + " " + n.address()).toList());
  }

  @Test
  @Order(2)
  void registeredNodesCallEachOther() {
    // Admission follows the registry two blocks deep: the first call may come too early.
    await()
        .atMost(ADMISSION_WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> memberCall(nodes.get(1), nodes.get(0)).answeredUpperCase());
    // Each member calls the next one round the ring, as itself: both ends check the other.
    List<Callable<CallResult>> calls = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      NodeContainer from = nodes.get(i);
      NodeContainer to = nodes.get((i + 1) % MEMBERS);
      calls.add(() -> memberCall(from, to));
    }
    assertThat(inParallel(calls))
        .as("calls among registered nodes")
        .allSatisfy(r -> assertThat(r.answeredUpperCase()).as("%s", r).isTrue());
  }

  private CallResult memberCall(NodeContainer from, NodeContainer to) {
    return from.call(
        to.address(),
        "member-" + from.alias(),
        "from " + from.alias() + " to " + to.alias(),
        CALL_DEADLINE,
        List.of("--identity", IDENTITY));
  }

  @Test
  @Order(3)
  void anUnregisteredNodesCallsAreRefusedRightAfterTheHandshake() throws InterruptedException {
    NodeContainer intruder = nodes.get(MEMBERS);
    for (NodeContainer target : nodes.subList(0, 2)) {
      CallResult r =
          intruder.call(
              target.address(),
              "intrusion",
              "let me in",
              CALL_DEADLINE,
              List.of("--identity", IDENTITY));
      assertThat(r.exitCode()).as("%s", r).isEqualTo(3);
      assertThat(r.errorLines())
          .as("%s", r)
          .singleElement()
          .asString()
          .contains("not admitted")
          .contains(target.peerId());
      assertThat(
              target.awaitOutput(
                  l -> l.contains("refused peer " + intruder.peerId()), Duration.ofSeconds(10)))
          .as("%s logs the refusal\n%s", target.alias(), target.logTail())
          .isTrue();
    }
    // Nothing else disturbed.
    assertThat(memberCall(nodes.get(2), nodes.get(0)).answeredUpperCase()).isTrue();
  }

  @Test
  @Order(4)
  void aNodeRemovedFromTheRegistryIsDisconnectedWithinTenSeconds(@TempDir Path dir)
      throws Exception {
    NodeContainer bootstrap = nodes.get(0);
    PrivateKey key = Keys.generateEd25519();
    String memberId = PeerId.fromPublicKey(key.publicKey()).toString();
    Path keyFile = dir.resolve("member.key");
    KeyFiles.write(keyFile, key);
    byte[] keyBytes = Files.readAllBytes(keyFile);
    bootstrap.copyFileToContainer(Transferable.of(keyBytes), "/tmp/member.key");
    register(bootstrap, 0, "/tmp/member.key", "/ip4/127.0.0.1/tcp/" + NodeContainer.PORT);

    member =
        gatedNode(
            "member",
            network.newVolume("member-identity"),
            List.of("--bootstrap", bootstrap.address()));
    member.withCopyToContainer(Transferable.of(keyBytes, 0600), IDENTITY);
    // The registration needs its confirmations before the bootstrap node admits the member; the
    // member retries its bootstrap dial meanwhile.
    member.start();
    assertThat(member.peerId()).isEqualTo(memberId);
    assertThat(
            member.awaitOutput(
                l -> l.contains("connected to bootstrap") && l.contains(bootstrap.peerId()),
                ADMISSION_WAIT))
        .as("the member joined\n%s\n%s", member.logTail(), bootstrap.logTail())
        .isTrue();

    // Dev account 0 deployed the registry: it owns the subnet and removes the member.
    List<String> remove = new ArrayList<>(RegistryCli.subnetFlags());
    remove.addAll(List.of("--peer", memberId));
    registry(bootstrap, 0, "remove", remove);
    long removed = System.nanoTime();
    boolean cut =
        bootstrap.awaitOutput(l -> l.contains("disconnecting " + memberId), REMOVAL_LIMIT);
    LOG.info(
        "removed member disconnected after {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removed));
    assertThat(cut).as("disconnected within %s\n%s", REMOVAL_LIMIT, bootstrap.logTail()).isTrue();
  }
}
