package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.gossip.GossipDiscovery;
import org.subnetp2p.discovery.gossip.KnownPeer;
import org.subnetp2p.node.testing.TestNodes;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;

/** The {@code gossip} discovery assembled in real nodes: GossipSub, TCP, the node's identity. */
class GossipDiscoveryNodeTest {
  private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  private static final Duration LIMIT = Duration.ofSeconds(60);
  @RegisterExtension final TestNodes nodes = new TestNodes();

  private static NodeConfig.Builder gossip(Duration interval) {
    return NodeConfig.builder()
        .listen(List.of(LOOPBACK))
        .discovery(List.of("gossip"))
        .discoveryInterval(interval)
        .subnetId(7);
  }

  private static GossipDiscovery gossipOf(Node node) {
    for (MultiaddrDiscovery d : node.discoveries()) {
      if (d instanceof GossipDiscovery g) {
        return g;
      }
    }
    throw new AssertionError("no gossip discovery in " + node.discoveries());
  }

  private static JsonNode adminJson(Node node, String path) throws Exception {
    InetSocketAddress admin = node.adminAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout(10_000);
      c.setReadTimeout(10_000);
      assertThat(c.getResponseCode()).isEqualTo(200);
      try (InputStream in = c.getInputStream()) {
        return new ObjectMapper().readTree(in);
      }
    } finally {
      c.disconnect();
    }
  }

  @Test
  void nodesGivenOnlyTheFirstAddressCallEachOtherByPeerIdThroughTheHeartbeat() throws Exception {
    Node first = nodes.start(gossip(Duration.ofSeconds(1)).build());
    List<Multiaddr> bootstrap = List.of(first.host().dialableAddresses().get(0));
    Node second = nodes.start(gossip(Duration.ofSeconds(1)).bootstrap(bootstrap).build());
    Node third =
        nodes.start(
            gossip(Duration.ofSeconds(1))
                .bootstrap(bootstrap)
                .admin(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
                .build());

    // The node hands the heartbeat its pubsub, subnet id and interval, and signs as its identity.
    GossipDiscovery heartbeat = gossipOf(third);
    assertThat(third.pubsub()).isPresent();
    assertThat(heartbeat.settings().subnetId()).isEqualTo(7);
    assertThat(heartbeat.settings().interval()).isEqualTo(Duration.ofSeconds(1));
    await().atMost(LIMIT).until(() -> heartbeat.peer(second.peerId()).isPresent());
    KnownPeer known = heartbeat.peer(second.peerId()).orElseThrow();
    assertThat(known.address()).isEqualTo(second.host().dialableAddresses().get(0));
    assertThat(known.subnetId()).isEqualTo(7);

    // third has never been given second's address: the call resolves it from the heartbeat.
    assertThat(third.host().connection(second.peerId())).isEmpty();
    TaskResponse response =
        third
            .protocol(TaskProtocol.class)
            .callRemote(
                second.peerId(),
                TaskRequest.newBuilder()
                    .setTaskId("t")
                    .setPayload(ByteString.copyFromUtf8("hi"))
                    .build())
            .get(30, TimeUnit.SECONDS);
    assertThat(response.getResult().toStringUtf8()).isEqualTo("HI");
    assertThat(third.host().addressBook().entries(second.peerId()))
        .extracting(AddressBook.Entry::source)
        .contains(AddressBook.Source.GOSSIP);
    // /peers: the address with its source and last-seen time, and what the gossip cache knows now.
    JsonNode peers = adminJson(third, "/peers").get("peers");
    JsonNode entry = null;
    for (JsonNode p : peers) {
      if (p.get("peerId").asText().equals(second.peerId().toString())) {
        entry = p;
      }
    }
    assertThat(entry).as("%s", peers).isNotNull();
    assertThat(entry.get("discovered").get("gossip").get(0).asText())
        .isEqualTo(second.host().dialableAddresses().get(0).toString());
    assertThat(entry.get("addresses").findValuesAsText("source")).contains("gossip");
    assertThat(entry.get("addresses").get(0).get("lastSeen").asText()).isNotEmpty();
    assertThat(adminJson(third, "/status").get("discovery.gossip").get("peers").asInt())
        .isEqualTo(2);
    assertThat(third.reports()).containsKey("discovery.gossip");
    assertThat(third.reports().get("discovery.gossip").status()).containsEntry("rejected", 0L);
  }

  @Test
  void aNodeThatJoinsLearnsTheSubnetAtOnceThroughTheSyncProtocol() throws Exception {
    // A heartbeat period far longer than the test: after their first records at start, the
    // members publish nothing, so the newcomer can only learn them through the sync protocol.
    Duration slow = Duration.ofMinutes(10);
    Node first = nodes.start(gossip(slow).build());
    List<Multiaddr> bootstrap = List.of(first.host().dialableAddresses().get(0));
    Node member = nodes.start(gossip(slow).bootstrap(bootstrap).build());
    await().atMost(LIMIT).until(() -> gossipOf(first).peer(member.peerId()).isPresent());

    // Not listening, as the node of call and find-peer: it publishes nothing and only asks.
    Node newcomer = nodes.start(gossip(slow).listen(List.of()).bootstrap(bootstrap).build());
    await().atMost(LIMIT).until(() -> newcomer.host().connection(first.peerId()).isPresent());

    List<AddressBook.Entry> found =
        newcomer.host().resolver().find(member.peerId()).get(30, TimeUnit.SECONDS);

    assertThat(found)
        .extracting(AddressBook.Entry::source)
        .containsExactly(AddressBook.Source.GOSSIP);
    assertThat(found.get(0).address().withPeerId(member.peerId()))
        .isEqualTo(member.host().dialableAddresses().get(0));
    assertThat(gossipOf(newcomer).stats().syncNodesFetched()).isPositive();
    assertThat(gossipOf(newcomer).stats().published()).isZero();
  }

  @Test
  void aListeningNodeServesTheDhtByDefaultAndAClientDoesNot() throws Exception {
    Node server =
        nodes.start(
            NodeConfig.builder().listen(List.of(LOOPBACK)).discovery(List.of("dht")).build());
    Node client =
        nodes.start(
            NodeConfig.builder()
                .listen(List.of())
                .discovery(List.of("dht"))
                .bootstrap(List.of(server.host().dialableAddresses().get(0)))
                .providerSettings(Map.of())
                .build());
    await()
        .atMost(LIMIT)
        .until(
            () ->
                client.host().addressBook().protocols(server.peerId()).contains("/ipfs/kad/1.0.0"));
    assertThat(server.host().addressBook().protocols(client.peerId()))
        .doesNotContain("/ipfs/kad/1.0.0");
  }
}
