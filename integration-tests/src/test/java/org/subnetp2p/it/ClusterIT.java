package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.lifecycle.Startables;

/**
 * Five nodes from the freshly built jar, each in its own container on an internal network. The
 * steps build on each other (a node is killed, then restarted), so they run in order on one
 * cluster. Calls run {@code subnet-node call} inside the calling node's container, so every call
 * really goes from one container's network namespace to another's.
 */
@ExtendWith(DockerSuite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterIT.class);
  private static final int NODES = 5;
  private static final int VICTIM = 3; // not the bootstrap node, which the restart rejoins

  /** How long a node may take to reach the bootstrap node once it is listening. */
  private static final Duration JOIN_DEADLINE = Duration.ofSeconds(20);

  /** The deadline of one {@code subnet-node call} ({@code --timeout}): dial, send, receive. */
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

  /** The js peer's own deadline per command. */
  private static final Duration JS_DEADLINE = Duration.ofSeconds(10);

  /** Concurrent calls: each starts a JVM, and two cores are shared with the five nodes. */
  private static final int PARALLEL_CALLS = 3;

  private DockerSuite.Run run;
  private TestNetwork network;
  private final List<NodeContainer> nodes = new ArrayList<>();
  private final List<String> identityVolumes = new ArrayList<>();
  private JsPeerContainer jsPeer;

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void startCluster(DockerSuite.Run run) {
    this.run = run;
    network = run.newNetwork("cluster");
    for (int i = 0; i < NODES; i++) {
      identityVolumes.add(network.newVolume("node" + i + "-identity"));
    }
    NodeContainer bootstrap = newNode(0, null);
    nodes.add(bootstrap);
    bootstrap.start();
    for (int i = 1; i < NODES; i++) {
      nodes.add(newNode(i, bootstrap.address()));
    }
    Startables.deepStart(nodes.subList(1, NODES)).join();
  }

  @AfterAll
  void stopCluster() {
    if (jsPeer != null) {
      jsPeer.stop();
    }
    nodes.forEach(NodeContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  @Test
  @Order(1)
  void everyNodeRunsFromTheJarAndJoinsTheBootstrapNode() throws InterruptedException {
    List<String> peerIds = nodes.stream().map(NodeContainer::peerId).toList();
    assertThat(peerIds).doesNotHaveDuplicates();
    assertThat(nodes.stream().map(NodeContainer::address).toList()).doesNotHaveDuplicates();
    for (NodeContainer node : nodes) {
      // One address per interface of the container: loopback and the test network.
      assertThat(node.printedLines())
          .as("%s's listen addresses", node.alias())
          .contains("/ip4/127.0.0.1/tcp/" + NodeContainer.PORT + "/p2p/" + node.peerId())
          .contains(node.address());
    }
    for (NodeContainer node : nodes.subList(1, NODES)) {
      assertJoinedBootstrap(node);
    }
  }

  @Test
  @Order(2)
  void everyNodeCallsEveryOtherNode() {
    List<Callable<CallResult>> calls = new ArrayList<>();
    for (NodeContainer from : nodes) {
      for (NodeContainer to : nodes) {
        if (from != to) {
          calls.add(() -> call(from, to));
        }
      }
    }
    CallBatch.assertAllSucceeded(CallBatch.runAll(calls, PARALLEL_CALLS), nodes);
  }

  @Test
  @Order(3)
  void aKilledNodeFailsFastWhileTheOthersKeepAnswering() {
    NodeContainer victim = nodes.get(VICTIM);
    String victimAddress = victim.address();
    String victimPeerId = victim.peerId();
    victim.kill();
    List<NodeContainer> alive = nodes.stream().filter(n -> n != victim).toList();

    // Calls to the dead node mostly wait: they run on threads of their own, while the calls
    // among the live nodes go on beside them, which is the point.
    List<CompletableFuture<CallResult>> toVictim = new ArrayList<>();
    List<Callable<CallResult>> amongAlive = new ArrayList<>();
    for (NodeContainer from : alive) {
      toVictim.add(
          CompletableFuture.supplyAsync(
              () -> from.call(victimAddress, "to-dead", "anyone there", CALL_DEADLINE),
              runnable -> Thread.ofVirtual().start(runnable)));
      for (NodeContainer to : alive) {
        if (from != to) {
          amongAlive.add(() -> call(from, to));
        }
      }
    }
    List<CallResult> aliveResults = CallBatch.runAll(amongAlive, PARALLEL_CALLS);
    List<CallResult> victimResults = toVictim.stream().map(CompletableFuture::join).toList();
    victimResults.forEach(r -> LOG.info("call to the killed node: {}", r));

    assertThat(victimResults)
        .as("calls to the killed node")
        .allSatisfy(
            r -> {
              assertThat(r.timedOut()).as("%s", r).isFalse();
              assertThat(r.exitCode()).as("%s", r).isNotZero();
              assertThat(r.stdout()).as("%s", r).isEmpty();
              assertThat(r.errorLines())
                  .as("one line saying which peer failed: %s", r)
                  .singleElement(as(InstanceOfAssertFactories.STRING))
                  .contains(victimPeerId);
            });
    CallBatch.assertAllSucceeded(aliveResults, nodes);
  }

  @Test
  @Order(4)
  void theKilledNodeRestartsWithItsIdentityAndAnswersAgain() throws InterruptedException {
    NodeContainer killed = nodes.get(VICTIM);
    String peerId = killed.peerId();
    killed.stop();
    NodeContainer restarted = newNode(VICTIM, nodes.get(0).address());
    nodes.set(VICTIM, restarted);
    restarted.start();

    assertThat(restarted.peerId()).as("peer id after the restart").isEqualTo(peerId);
    assertJoinedBootstrap(restarted);
    List<Callable<CallResult>> calls = new ArrayList<>();
    for (NodeContainer other : nodes) {
      if (other != restarted) {
        calls.add(() -> call(other, restarted));
        calls.add(() -> call(restarted, other));
      }
    }
    CallBatch.assertAllSucceeded(CallBatch.runAll(calls, PARALLEL_CALLS), nodes);
  }

  @Test
  @Order(5)
  void aJsLibp2pPeerCallsTheJavaNodesAndIsCalledByThem() throws Exception {
    jsPeer = new JsPeerContainer(run.jsPeerImage(), network, "js-peer");
    jsPeer.start();
    // It joins as the Java nodes do: by connecting to the bootstrap node.
    assertThat(jsPeer.dial(nodes.get(0).address(), JS_DEADLINE).path("peerId").asText())
        .isEqualTo(nodes.get(0).peerId());

    for (NodeContainer node : nodes) {
      String payload = "from js to " + node.alias();
      assertThat(jsPeer.call(node.address(), "js-" + node.alias(), payload, JS_DEADLINE))
          .as("js peer -> %s", node.alias())
          .isEqualTo(payload.toUpperCase(Locale.ROOT));
    }
    List<Callable<CallResult>> calls = new ArrayList<>();
    for (NodeContainer node : nodes) {
      calls.add(
          () ->
              node.call(
                  jsPeer.address(), "to-js", "from " + node.alias() + " to js", CALL_DEADLINE));
    }
    List<CallResult> results = CallBatch.runAll(calls, PARALLEL_CALLS);
    assertThat(results)
        .allSatisfy(
            r -> assertThat(r.answeredUpperCase()).as("%s\n%s", r, jsPeer.logTail()).isTrue());
  }

  /** The node logs each bootstrap connection it made (it dials in the background, retrying). */
  private void assertJoinedBootstrap(NodeContainer node) throws InterruptedException {
    String bootstrapId = nodes.get(0).peerId();
    assertThat(
            node.awaitOutput(
                line -> line.contains("connected to bootstrap") && line.contains(bootstrapId),
                JOIN_DEADLINE))
        .as("%s connected to the bootstrap node\n%s", node.alias(), node.logTail())
        .isTrue();
  }

  private NodeContainer newNode(int index, String bootstrap) {
    return NodeContainer.runNode(
        run.nodeImage(), network, "node" + index, identityVolumes.get(index), bootstrap);
  }

  /** {@code from} calls {@code to} by its printed multiaddr with a payload naming both. */
  private static CallResult call(NodeContainer from, NodeContainer to) {
    String payload = "hello " + to.alias() + " from " + from.alias();
    return from.call(to.address(), "task-" + from.alias(), payload, CALL_DEADLINE);
  }
}
