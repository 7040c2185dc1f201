package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * GossipSub messages of 1 KiB through a line of three peers of one implementation, A - B - C: A
 * publishes (not subscribed: flood publish to B), B forwards (subscribed), C receives. Messages per
 * second are counted from A's first publish to C's receipt of the last, as the runner's clock sees
 * both (each peer answers at once). Pairs whose two ends are the same implementation are the lines
 * measured: Java-Java is a Java line, js-js a js one.
 */
final class GossipLineScenario implements Scenario {
  static final String NAME = "gossipsub 1 KiB line of 3";
  private static final String TOPIC = "bench-line";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETUP = Duration.ofSeconds(60);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Session session, int round) throws Exception {
    int count = session.config.calls() / 4;
    for (Pair pair : session.pairs) {
      if (pair.client() != pair.server()) {
        continue;
      }
      Impl impl = pair.client();
      List<PeerProcess> line = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          line.add(session.launcher.peer(impl));
        }
        PeerProcess a = line.get(0);
        PeerProcess b = line.get(1);
        PeerProcess c = line.get(2);
        b.command("subscribe", SETUP, "topic", TOPIC);
        c.command("subscribe", SETUP, "topic", TOPIC);
        a.command("dial", SETUP, "addr", b.address());
        b.command("dial", SETUP, "addr", c.address());
        awaitMesh(b, peerId(c));
        awaitMesh(c, peerId(b));
        awaitSubscriber(a, peerId(b));

        long cpuBefore = a.cpuMillis() + b.cpuMillis() + c.cpuMillis();
        long start = System.nanoTime();
        CompletableFuture<JsonNode> arrived =
            CompletableFuture.supplyAsync(
                () ->
                    call(
                        c,
                        "gsAwait",
                        "topic",
                        TOPIC,
                        "count",
                        count,
                        "timeoutMs",
                        TIMEOUT.toMillis()));
        JsonNode published =
            a.command("gsPublishMany", TIMEOUT, "topic", TOPIC, "count", count, "size", 1024);
        JsonNode got = arrived.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = a.cpuMillis() + b.cpuMillis() + c.cpuMillis() - cpuBefore;
        int received = got.path("received").asInt();
        double rate = received / seconds;
        String label = impl.label + " line";
        session.results.add(NAME, "messages/s at C", label, "msg/s", rate);
        session.results.add(
            NAME,
            "delivered to C",
            label,
            "%",
            100.0 * received / published.path("published").asInt(1));
        session.log(
            "gossipsub line %s: %d of %d messages of 1 KiB in %.2f s, %.0f msg/s",
            impl.label, received, count, seconds, rate);
      } finally {
        line.forEach(PeerProcess::close);
      }
    }
  }

  private static String peerId(PeerProcess p) {
    String a = p.address();
    return a.substring(a.lastIndexOf('/') + 1);
  }

  private static void awaitMesh(PeerProcess p, String peer) throws Exception {
    awaitListed(p, "mesh", peer);
  }

  private static void awaitSubscriber(PeerProcess p, String peer) throws Exception {
    awaitListed(p, "subscribers", peer);
  }

  private static void awaitListed(PeerProcess p, String field, String peer) throws Exception {
    long deadline = System.nanoTime() + SETUP.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode r = p.command("pubsubPeers", SETUP, "topic", TOPIC);
      for (JsonNode id : r.path(field)) {
        if (id.asText().equals(peer)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(p.impl().label + " peer never listed " + peer + " in " + field);
  }

  private static JsonNode call(PeerProcess p, String cmd, Object... fields) {
    try {
      return p.command(cmd, TIMEOUT, fields);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
