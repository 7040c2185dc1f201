package org.subnetp2p.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.peerstate.PeerState;
import org.subnetp2p.discovery.gossip.peerstate.PeerStateRecords;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * {@link DiscoveryClusterIT} with the GossipSub heartbeat alone, every {@link #PERIOD} (a real
 * subnet beats every 20 s; a short period keeps the test short). Each node serves its admin
 * endpoint inside its container, read with {@link NodeContainer#admin}: {@code /peers} shows what
 * its gossip cache knows now, {@code /status} its counters. Then, on the same cluster: a node
 * restarted on a new port is found again, a node killed with SIGKILL drops out of the others'
 * caches after its expiry, and a forged heartbeat is ignored and counted.
 */
class GossipDiscoveryClusterIT extends DiscoveryClusterIT {
  private static final Logger LOG = LoggerFactory.getLogger(GossipDiscoveryClusterIT.class);
  static final Duration PERIOD = Duration.ofSeconds(3);

  /** subnet-template's: a peer is forgotten three periods after its latest heartbeat. */
  static final Duration EXPIRY = PERIOD.multipliedBy(3);

  /**
   * What reading the admin endpoints of five nodes costs on top (one small JVM per read, on two
   * cores shared with six nodes): the awaited bounds are the protocol's plus this.
   */
  static final Duration PROBE_ALLOWANCE = Duration.ofSeconds(20);

  private static final int RESTARTED = 3;
  private static final int KILLED = 4;
  private static final int NEW_PORT = 4002;
  private final ObjectMapper json = new ObjectMapper();

  @Override
  String discovery() {
    return "gossip";
  }

  @Override
  List<String> runArguments() {
    return List.of(
        "--discovery-interval", PERIOD.toSeconds() + "s", "--admin", NodeContainer.ADMIN);
  }

  /** Every node's gossip cache knows the five others. */
  @Override
  void awaitDiscovery() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              for (NodeContainer node : nodes) {
                Map<String, String> known = gossipAddresses(node);
                for (NodeContainer other : othersThan(node)) {
                  assertThat(known.get(other.peerId()))
                      .as("%s's gossip cache, for %s", node.alias(), other.alias())
                      .isEqualTo(other.address());
                }
              }
            });
  }

  /** What {@code node}'s gossip cache says now, from one read of its {@code /peers}. */
  private Map<String, String> gossipAddresses(NodeContainer node) throws Exception {
    Map<String, String> out = new java.util.HashMap<>();
    for (JsonNode peer : json.readTree(node.admin("/peers")).get("peers")) {
      JsonNode gossip = peer.path("discovered").path("gossip");
      if (gossip.isArray() && !gossip.isEmpty()) {
        out.put(peer.get("peerId").asText(), gossip.get(0).asText());
      }
    }
    return out;
  }

  /** What {@code node}'s gossip cache says of {@code peerId} now, from its {@code /peers}. */
  private Optional<String> gossipAddress(NodeContainer node, String peerId) throws Exception {
    return Optional.ofNullable(gossipAddresses(node).get(peerId));
  }

  private List<NodeContainer> othersThan(NodeContainer node) {
    return nodes.stream().filter(n -> n != node).toList();
  }

  @Test
  @Order(2)
  void aNodeRestartedOnANewPortIsFoundAgainWithinTwoHeartbeats() {
    NodeContainer old = nodes.get(RESTARTED);
    String peerId = old.peerId();
    old.stop();
    NodeContainer restarted = newNode(RESTARTED, nodes.get(0).address(), NEW_PORT);
    nodes.set(RESTARTED, restarted);
    restarted.start();
    long restartedAt = System.nanoTime();
    assertThat(restarted.peerId()).as("the identity survives the restart").isEqualTo(peerId);
    assertThat(restarted.address()).contains("/tcp/" + NEW_PORT + "/");

    // Its heartbeats carry the new address; every other node's cache takes it within two periods
    // (the reads of five admin endpoints come on top).
    await()
        .atMost(PERIOD.multipliedBy(2).plus(PROBE_ALLOWANCE))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (NodeContainer other : othersThan(restarted)) {
                assertThat(gossipAddress(other, peerId))
                    .as("%s's gossip cache", other.alias())
                    .contains(restarted.address());
              }
            });
    LOG.info(
        "restarted node known again at its new address by all after {} ms",
        (System.nanoTime() - restartedAt) / 1_000_000);
    CallResult call = callById(nodes.get(1), restarted);
    assertThat(call.answeredUpperCase()).as("%s", call).isTrue();
  }

  @Test
  @Order(3)
  void aNodeKilledWithSigkillDropsOutOfTheCachesAfterItsExpiry() throws Exception {
    NodeContainer victim = nodes.get(KILLED);
    String peerId = victim.peerId();
    for (NodeContainer other : othersThan(victim)) {
      assertThat(gossipAddress(other, peerId)).as("%s before", other.alias()).isPresent();
    }
    victim.kill(); // no OFFLINE record: its heartbeats just stop
    long killedAt = System.nanoTime();
    List<NodeContainer> alive = othersThan(victim);

    await()
        .atMost(EXPIRY.plus(PERIOD).plus(PROBE_ALLOWANCE))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              for (NodeContainer other : alive) {
                assertThat(gossipAddress(other, peerId))
                    .as("%s's gossip cache", other.alias())
                    .isEmpty();
              }
            });
    long elapsedMs = (System.nanoTime() - killedAt) / 1_000_000;
    LOG.info("killed node dropped out of every cache after {} ms", elapsedMs);
    // The live nodes still know one another.
    for (NodeContainer other : alive) {
      assertThat(gossipAddress(other, nodes.get(0).peerId()).isPresent() || other == nodes.get(0))
          .as("%s still knows node0", other.alias())
          .isTrue();
    }
  }

  @Test
  @Order(4)
  void aForgedHeartbeatIsIgnoredAndCounted() throws Exception {
    NodeContainer bootstrap = nodes.get(0);
    NodeContainer impersonated = nodes.get(2);
    long spoofedBefore = spoofedAt(bootstrap);
    // A well-formed, signed heartbeat whose envelope claims node2's peer id, announcing an
    // address of the forger's choosing, published by another peer (a fresh publish node).
    PrivateKey forger = Keys.generateEd25519();
    String forgerId = PeerId.fromPublicKey(forger.publicKey()).toString();
    long now = System.currentTimeMillis();
    PeerState state =
        new PeerState(
            HexFormat.of().formatHex(new byte[16]),
            0,
            1,
            1,
            ServerState.ONLINE,
            PeerState.VALIDATOR,
            "/ip4/10.66.66.66/tcp/4001");
    String genuine =
        new String(WireCodec.encode(PeerStateRecords.build(forger, state, now, now)), UTF_8);
    String forged =
        genuine.replace(
            "\"peer_id\":\"" + forgerId + "\"", "\"peer_id\":\"" + impersonated.peerId() + "\"");
    assertThat(forged).isNotEqualTo(genuine);

    CallResult publish =
        nodes
            .get(5)
            .command(
                CALL_DEADLINE.plus(NodeContainer.JVM_ALLOWANCE),
                Map.of(),
                "publish",
                "peer_state",
                forged,
                "--bootstrap",
                bootstrap.address(),
                "--timeout",
                CALL_DEADLINE.toSeconds() + "s");
    assertThat(publish.exitCode()).as("%s", publish).isZero();

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(spoofedAt(bootstrap))
                    .as("rejected.spoofed")
                    .isGreaterThan(spoofedBefore));
    // Ignored: nobody took the forged address for node2 or learned the forger.
    for (NodeContainer node : othersThan(impersonated)) {
      if (node != nodes.get(KILLED)) {
        assertThat(gossipAddress(node, impersonated.peerId()))
            .as("%s's view of node2", node.alias())
            .contains(impersonated.address());
        assertThat(gossipAddress(node, forgerId)).isEmpty();
      }
    }
    assertThat(bootstrap.admin("/metrics"))
        .containsPattern(
            "subnet_gossip_rejected_total\\{provider=\"discovery.gossip\",reason=\"spoofed\"\\} [1-9]");
  }

  private long spoofedAt(NodeContainer node) throws Exception {
    JsonNode status = json.readTree(node.admin("/status")).path("discovery.gossip");
    return status.path("rejected.spoofed").asLong(0);
  }
}
