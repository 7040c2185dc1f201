package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.testcontainers.lifecycle.Startables;

/**
 * Six nodes, each in its own container and given only the bootstrap node's address, running one
 * discovery alone ({@link #discovery()}); then every node calls every other by peer id alone:
 * {@code subnet-node call <peer id> --bootstrap <node0> --discovery <name>} inside the caller's
 * container, a short-lived node that resolves the address through that discovery only. Subclasses
 * name the discovery and add its own scenarios, in order, on the same cluster.
 */
@ExtendWith(DockerSuite.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class DiscoveryClusterIT {
  static final int NODES = 6;

  /** The deadline of one {@code subnet-node call} ({@code --timeout}): join, resolve, call. */
  static final Duration CALL_DEADLINE = Duration.ofSeconds(20);

  DockerSuite.Run run;
  TestNetwork network;
  final List<NodeContainer> nodes = new ArrayList<>();
  final List<String> identityVolumes = new ArrayList<>();

  /** The discovery every node runs, alone, and that calls resolve through: dht or gossip. */
  abstract String discovery();

  /** More {@code run} arguments, e.g. the heartbeat period. */
  List<String> runArguments() {
    return List.of();
  }

  /** Waits until discovery has run, before the calls; nothing by default. */
  void awaitDiscovery() throws InterruptedException {}

  @BeforeAll
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void startCluster(DockerSuite.Run run) {
    this.run = run;
    network = run.newNetwork(discovery());
    for (int i = 0; i < NODES; i++) {
      identityVolumes.add(network.newVolume("node" + i + "-identity"));
    }
    NodeContainer bootstrap = newNode(0, null, NodeContainer.PORT);
    nodes.add(bootstrap);
    bootstrap.start();
    for (int i = 1; i < NODES; i++) {
      nodes.add(newNode(i, bootstrap.address(), NodeContainer.PORT));
    }
    Startables.deepStart(nodes.subList(1, NODES)).join();
  }

  @AfterAll
  void stopCluster() {
    nodes.forEach(NodeContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  /** Node {@code index} on {@code port}, joining through {@code bootstrap} (null: it is node0). */
  NodeContainer newNode(int index, String bootstrap, int port) {
    List<String> more = new ArrayList<>(List.of("--discovery", discovery()));
    more.addAll(runArguments());
    return NodeContainer.runNode(
        run.nodeImage(),
        network,
        "node" + index,
        identityVolumes.get(index),
        bootstrap,
        port,
        more);
  }

  /** {@code from} calls {@code to} by its peer id alone, joining through node0. */
  CallResult callById(NodeContainer from, NodeContainer to) {
    String payload = "hello " + to.alias() + " from " + from.alias() + " by id";
    return from.call(
        to.peerId(),
        "task-" + from.alias(),
        payload,
        CALL_DEADLINE,
        List.of("--bootstrap", nodes.get(0).address(), "--discovery", discovery()));
  }

  @Test
  @Order(1)
  void everyNodeCallsEveryOtherByPeerId() throws InterruptedException {
    assertThat(nodes.stream().map(NodeContainer::peerId).distinct()).hasSize(NODES);
    awaitDiscovery();
    List<Callable<CallResult>> calls = new ArrayList<>();
    for (NodeContainer from : nodes) {
      for (NodeContainer to : nodes) {
        if (from != to) {
          calls.add(() -> callById(from, to));
        }
      }
    }
    CallBatch.assertAllSucceeded(CallBatch.runAll(calls), nodes);
  }
}
