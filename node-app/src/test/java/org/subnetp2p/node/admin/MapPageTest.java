package org.subnetp2p.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.node.admin.CalledAdminNode.Response;
import org.subnetp2p.protocols.task.TaskProtocol;

/** The network map page and its {@code /map.json} on a real node, after a real call to it. */
class MapPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final CalledAdminNode nodes = new CalledAdminNode();

  private Response get(String path) throws IOException {
    return nodes.get(path);
  }

  private JsonNode map() throws IOException {
    Response r = get("/map.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    return JSON.readTree(r.body());
  }

  @Test
  void thePageAndItsScriptAndStyleAreServedFromTheNode() throws Exception {
    Response page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body())
        .contains("<canvas id=\"graph\"", "src=\"map.js\"", "href=\"map.css\"")
        .doesNotContain("http://", "https://");

    Response script = get("/map.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.contentType()).startsWith("text/javascript");
    assertThat(script.body()).contains("map.json").doesNotContain("http://", "https://");

    Response style = get("/map.css");
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.contentType()).startsWith("text/css");
  }

  @Test
  void mapJsonShowsTheCallerConnectedWithItsRoundTripAndProtocols() throws Exception {
    // identify and the muxer's first ping answer right after the connection: give them a moment
    JsonNode peer =
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> map().get("peers").get(0),
                p -> !p.get("protocols").isEmpty() && !p.get("rttMs").isNull());

    JsonNode json = map();
    assertThat(json.get("self").get("peerId").asText())
        .isEqualTo(nodes.server().peerId().toString());
    assertThat(json.get("self").get("discoveries")).isEmpty();
    assertThat(json.get("time").asLong()).isPositive();
    assertThat(json.get("peers")).hasSize(1);
    assertThat(peer.get("peerId").asText()).isEqualTo(nodes.client().peerId().toString());
    assertThat(peer.get("connected").asBoolean()).isTrue();
    assertThat(peer.get("direction").asText()).isEqualTo("inbound");
    assertThat(peer.get("rttMs").asDouble()).isPositive();
    assertThat(peer.get("source").asText()).isIn("identify", "connection");
    assertThat(peer.get("protocols").toString()).contains(TaskProtocol.PROTOCOL_ID);
    assertThat(peer.get("score").isNull()).isTrue();

    JsonNode task = protocol(json, TaskProtocol.PROTOCOL_ID);
    assertThat(task.get("inbound").get("ok").asLong()).isEqualTo(1);
    assertThat(task.get("calls").get("ok").asLong()).isZero();
    assertThat(json.get("status").isObject()).isTrue();
  }

  @Test
  void theCallersMapCountsItsCallAndItsLatency() throws Exception {
    JsonNode json =
        JSON.readTree(
            MapJson.of(
                nodes.client().host(),
                nodes.client().protocols(),
                nodes.client().reports(),
                nodes.client().pubsub(),
                nodes.client().discoveries()));

    JsonNode task = protocol(json, TaskProtocol.PROTOCOL_ID);
    assertThat(task.get("calls").get("ok").asLong()).isEqualTo(1);
    assertThat(task.get("latencyCount").asLong()).isEqualTo(1);
    assertThat(task.get("latencySecondsSum").asDouble()).isPositive();
    assertThat(json.get("peers").get(0).get("direction").asText()).isEqualTo("outbound");
  }

  @Test
  void aThousandPeersKnownOnlyThroughTheDhtAreAllListed() throws Exception {
    Set<String> synthetic = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      PeerId peer = syntheticPeer(i);
      synthetic.add(peer.toString());
      nodes
          .server()
          .host()
          .addressBook()
          .add(
              peer,
              List.of(Multiaddr.parse("/ip4/10.0." + (i / 250) + "." + (i % 250) + "/tcp/4001")),
              AddressBook.Source.DHT,
              Duration.ofMinutes(10));
    }

    JsonNode peers = map().get("peers");

    assertThat(peers).hasSize(1001);
    List<JsonNode> known =
        StreamSupport.stream(peers.spliterator(), false)
            .filter(p -> synthetic.contains(p.get("peerId").asText()))
            .toList();
    assertThat(known).hasSize(1000);
    assertThat(known)
        .allSatisfy(
            p -> {
              assertThat(p.get("connected").asBoolean()).isFalse();
              assertThat(p.get("source").asText()).isEqualTo("dht");
              assertThat(p.get("rttMs").isNull()).isTrue();
              assertThat(p.get("addresses").get(0).get("address").asText())
                  .startsWith("/ip4/10.0.");
            });
  }

  /** A valid peer id (a SHA-256 multihash) without the cost of a key pair. */
  private static PeerId syntheticPeer(int i) {
    byte[] multihash = new byte[34];
    multihash[0] = 0x12;
    multihash[1] = 32;
    multihash[2] = (byte) (i >> 8);
    multihash[3] = (byte) i;
    return PeerId.fromBytes(multihash);
  }

  private static JsonNode protocol(JsonNode map, String id) {
    for (JsonNode p : map.get("protocols")) {
      if (p.get("protocol").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no " + id + " in " + map.get("protocols"));
  }
}
