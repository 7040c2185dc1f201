package org.subnetp2p.gossipsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.transport.interop.JsPeer;

/**
 * Interop with a real js-libp2p {@code @libp2p/gossipsub} 17.1.1 peer (interop/js-peer): js to
 * Java, Java to js, and a mixed mesh of three js and three Java peers in which every application
 * receives every other's message exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class JsGossipSubInteropTest {
  private static final Duration T = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TOPIC = "interop";

  private final TcpNodes nodes = new TcpNodes();
  private final List<JsPeer> jsPeers = new ArrayList<>();

  @AfterEach
  void close() {
    jsPeers.forEach(JsPeer::close);
    nodes.close();
  }

  private JsPeer js() throws Exception {
    JsPeer p = JsPeer.start("--listen", "/ip4/127.0.0.1/tcp/0", "--gossipsub-heartbeat-ms", "200");
    jsPeers.add(p);
    return p;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> receivedTexts(JsPeer p) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode m : p.command("received", T, "topic", TOPIC).get("messages")) {
      out.add(new String(Base64.getDecoder().decode(m.get("dataB64").asText()), UTF_8));
    }
    return out;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(UTF_8));
  }

  @Test
  void jsPublishesJavaReceives() throws Exception {
    TcpNodes.Node java = nodes.start();
    List<PubSub.Message> got = new CopyOnWriteArrayList<>();
    java.pubsub().subscribe(TOPIC, got::add);
    JsPeer js = js();
    js.command("subscribe", T, "topic", TOPIC);
    java.host().connect(js.addresses().get(0)).get(20, TimeUnit.SECONDS);
    await()
        .atMost(WAIT)
        .until(
            () ->
                texts(js.command("pubsubPeers", T, "topic", TOPIC).get("mesh"))
                    .contains(java.host().peerId().toString()));

    js.command("publish", T, "topic", TOPIC, "dataB64", b64("from js"));

    await().atMost(WAIT).until(() -> got.size() == 1);
    assertThat(new String(got.get(0).data(), UTF_8)).isEqualTo("from js");
    assertThat(got.get(0).from()).isEqualTo(js.peerId());
    assertThat(java.pubsub().protocolOf(js.peerId())).contains(GossipSubConfig.MESHSUB_V12);
    assertThat(java.pubsub().meshPeers(TOPIC)).contains(js.peerId());
  }

  @Test
  void javaPublishesJsReceives() throws Exception {
    TcpNodes.Node java = nodes.start();
    JsPeer js = js();
    js.command("subscribe", T, "topic", TOPIC);
    js.command("dial", T, "addr", java.address().toString());
    await().atMost(WAIT).until(() -> java.pubsub().peers(TOPIC).contains(js.peerId()));

    java.pubsub().publish(TOPIC, "from java".getBytes(UTF_8)).get(20, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> receivedTexts(js).contains("from java"));
    JsonNode m = js.command("received", T, "topic", TOPIC).get("messages").get(0);
    assertThat(m.get("from").asText()).isEqualTo(java.host().peerId().toString());
    assertThat(receivedTexts(js)).containsExactly("from java");
  }

  @Test
  void mixedMeshOfThreeJsAndThreeJavaDeliversEveryMessageExactlyOnce() throws Exception {
    List<TcpNodes.Node> javas = List.of(nodes.start(), nodes.start(), nodes.start());
    List<JsPeer> jss = List.of(js(), js(), js());
    List<List<PubSub.Message>> javaGot = new ArrayList<>();
    for (TcpNodes.Node n : javas) {
      List<PubSub.Message> got = new CopyOnWriteArrayList<>();
      n.pubsub().subscribe(TOPIC, got::add);
      javaGot.add(got);
    }
    for (JsPeer p : jss) {
      p.command("subscribe", T, "topic", TOPIC);
    }
    // A ring alternating Java and js peers, plus two chords: no one sees everyone directly.
    List<Object> ring =
        List.of(javas.get(0), jss.get(0), javas.get(1), jss.get(1), javas.get(2), jss.get(2));
    for (int i = 0; i < ring.size(); i++) {
      link(ring.get(i), ring.get((i + 1) % ring.size()));
    }
    link(javas.get(0), javas.get(2));
    link(jss.get(0), jss.get(2));
    // Meshes form: every peer has a mesh peer for the topic.
    for (TcpNodes.Node n : javas) {
      await().atMost(WAIT).until(() -> !n.pubsub().meshPeers(TOPIC).isEmpty());
    }
    for (JsPeer p : jss) {
      await()
          .atMost(WAIT)
          .until(() -> !texts(p.command("pubsubPeers", T, "topic", TOPIC).get("mesh")).isEmpty());
    }

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String text = "java-" + i;
      javas.get(i).pubsub().publish(TOPIC, text.getBytes(UTF_8)).get(20, TimeUnit.SECONDS);
      sent.add(text);
    }
    for (int i = 0; i < 3; i++) {
      String text = "js-" + i;
      jss.get(i).command("publish", T, "topic", TOPIC, "dataB64", b64(text));
      sent.add(text);
    }

    for (int i = 0; i < 3; i++) {
      String own = "java-" + i;
      List<String> expected = sent.stream().filter(s -> !s.equals(own)).toList();
      List<PubSub.Message> got = javaGot.get(i);
      await().atMost(WAIT).until(() -> got.size() >= expected.size());
      assertThat(got.stream().map(m -> new String(m.data(), UTF_8)).toList())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    for (int i = 0; i < 3; i++) {
      String own = "js-" + i;
      List<String> expected = sent.stream().filter(s -> !s.equals(own)).toList();
      JsPeer p = jss.get(i);
      await().atMost(WAIT).until(() -> receivedTexts(p).size() >= expected.size());
      assertThat(receivedTexts(p)).containsExactlyInAnyOrderElementsOf(expected);
    }
    // Nothing arrives twice later either: another heartbeat of gossip changes nothing.
    await("nothing arrives twice")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 3; i++) {
                assertThat(javaGot.get(i)).hasSize(5);
                assertThat(receivedTexts(jss.get(i))).hasSize(5);
              }
            });
  }

  private static void link(Object a, Object b) throws Exception {
    if (a instanceof TcpNodes.Node na) {
      if (b instanceof TcpNodes.Node nb) {
        TcpNodes.connect(na, nb);
      } else {
        na.host().connect(((JsPeer) b).addresses().get(0)).get(20, TimeUnit.SECONDS);
      }
    } else {
      JsPeer pa = (JsPeer) a;
      String target =
          b instanceof TcpNodes.Node nb
              ? nb.address().toString()
              : ((JsPeer) b).addresses().get(0).toString();
      pa.command("dial", T, "addr", target);
    }
  }
}
