package org.subnetp2p.gossipsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.testkit.SimHost;
import org.subnetp2p.testkit.SimNetwork;

/** GossipSub on the testkit's in-memory network: the Host API is all it needs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimNetworkTest {
  private final SimNetwork net = SimNetwork.builder().latency(Duration.ofMillis(5)).seed(7).build();
  private final List<GossipSub> pubsubs = new ArrayList<>();

  @AfterEach
  void close() {
    pubsubs.forEach(GossipSub::close);
    net.close();
  }

  @Test
  void aMessageReachesEveryPeerOfARing() throws Exception {
    int n = 12;
    List<SimHost> hosts = new ArrayList<>();
    List<List<PubSub.Message>> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PrivateKey key = Keys.generateEd25519();
      SimHost h = net.newHost(key);
      GossipSub p = GossipSub.create(h, key, TcpNodes.FAST);
      h.start();
      hosts.add(h);
      pubsubs.add(p);
      List<PubSub.Message> list = new CopyOnWriteArrayList<>();
      p.subscribe("t", list::add);
      got.add(list);
    }
    for (int i = 0; i < n; i++) {
      hosts
          .get(i)
          .connect(hosts.get((i + 1) % n).dialableAddresses().get(0))
          .get(10, TimeUnit.SECONDS);
    }
    for (GossipSub p : pubsubs) {
      await().atMost(Duration.ofSeconds(30)).until(() -> p.meshPeers("t").size() >= 2);
    }
    pubsubs.get(0).publish("t", "round".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    for (int i = 1; i < n; i++) {
      List<PubSub.Message> list = got.get(i);
      await().atMost(Duration.ofSeconds(30)).until(() -> list.size() == 1);
    }
    assertThat(got.get(0)).isEmpty();
  }
}
