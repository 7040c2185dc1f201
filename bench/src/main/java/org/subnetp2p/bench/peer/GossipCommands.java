package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.gossipsub.GossipSub;

/**
 * The Java peer's GossipSub commands, named and shaped as {@code interop/js-peer}'s: {@code dial},
 * {@code subscribe}, {@code publish}, {@code received}, {@code pubsubPeers}, {@code gsPublishMany}
 * and {@code gsAwait}, so a benchmark drives either implementation alike.
 */
final class GossipCommands {
  /** Publishes in flight at once in {@code gsPublishMany}: the js peer awaits each in turn. */
  private static final int PUBLISH_WINDOW = 64;

  private record Received(String topic, String from, byte[] data, long atNanos) {}

  private final Host host;
  private final GossipSub pubsub;
  private final List<Received> received = new ArrayList<>();

  GossipCommands(Host host, GossipSub pubsub) {
    this.host = host;
    this.pubsub = pubsub;
  }

  /** The answer to {@code cmd}, or {@code null} if it is not a GossipSub command. */
  ObjectNode run(String cmd, JsonNode args, Duration timeout) throws Exception {
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    switch (cmd) {
      case "dial" -> {
        var c =
            host.connect(Multiaddr.parse(args.path("addr").asText()))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        out.put("peerId", c.remotePeer().toString());
      }
      case "subscribe" -> {
        String topic = topic(args);
        pubsub.subscribe(topic, m -> record(m));
        ids(out.putArray("topics"), pubsub.topics().stream().toList());
      }
      case "publish" -> {
        byte[] data = Base64.getDecoder().decode(args.path("dataB64").asText(""));
        pubsub.publish(topic(args), data).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ids(out.putArray("recipients"), List.of());
      }
      case "received" -> {
        String topic = args.path("topic").asText(null);
        ArrayNode list = out.putArray("messages");
        synchronized (received) {
          for (Received r : received) {
            if (topic == null || topic.equals(r.topic())) {
              list.addObject()
                  .put("topic", r.topic())
                  .put("from", r.from())
                  .put("dataB64", Base64.getEncoder().encodeToString(r.data()));
            }
          }
          if (args.path("clear").asBoolean(false)) {
            received.clear();
          }
        }
      }
      case "pubsubPeers" -> {
        String topic = topic(args);
        ids(
            out.putArray("subscribers"),
            pubsub.peers(topic).stream().map(PeerId::toString).toList());
        ids(out.putArray("mesh"), pubsub.meshPeers(topic).stream().map(PeerId::toString).toList());
        ids(out.putArray("peers"), pubsub.pubsubPeers().stream().map(PeerId::toString).toList());
      }
      case "gsPublishMany" -> publishMany(args, out, timeout);
      case "gsAwait" -> awaitMany(args, out, timeout);
      default -> {
        return null;
      }
    }
    return out;
  }

  private void publishMany(JsonNode args, ObjectNode out, Duration timeout) throws Exception {
    String topic = topic(args);
    int count = args.path("count").asInt(1000);
    int size = Math.max(8, args.path("size").asInt(1024));
    Semaphore window = new Semaphore(PUBLISH_WINDOW);
    List<CompletableFuture<Void>> all = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      byte[] data = ByteBuffer.allocate(size).putLong(i).array();
      window.acquire();
      CompletableFuture<Void> f = pubsub.publish(topic, data);
      f.whenComplete((v, e) -> window.release());
      all.add(f);
    }
    int errors = 0;
    for (CompletableFuture<Void> f : all) {
      try {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        errors++;
      }
    }
    out.put("published", count - errors)
        .put("errors", errors)
        .put("elapsedMs", (System.nanoTime() - start) / 1e6);
  }

  private void awaitMany(JsonNode args, ObjectNode out, Duration timeout) throws Exception {
    String topic = topic(args);
    int count = args.path("count").asInt();
    long deadline =
        System.nanoTime() + Duration.ofMillis(args.path("timeoutMs").asLong(60_000)).toNanos();
    while (true) {
      List<Received> mine;
      synchronized (received) {
        mine = received.stream().filter(r -> r.topic().equals(topic)).toList();
      }
      if (mine.size() >= count || System.nanoTime() > deadline) {
        double first = mine.isEmpty() ? 0 : mine.get(0).atNanos() / 1e6;
        double last =
            mine.isEmpty() ? 0 : mine.get(Math.min(count, mine.size()) - 1).atNanos() / 1e6;
        out.put("received", mine.size())
            .put("spanMs", last - first)
            .put("firstAtMs", first)
            .put("nowMs", System.nanoTime() / 1e6);
        return;
      }
      Thread.sleep(5);
    }
  }

  private void record(PubSub.Message m) {
    Received r =
        new Received(
            m.topic(), m.from() == null ? null : m.from().toString(), m.data(), System.nanoTime());
    synchronized (received) {
      received.add(r);
    }
  }

  private static String topic(JsonNode args) {
    String t = args.path("topic").asText("");
    if (t.isEmpty()) {
      throw new IllegalArgumentException("topic must be a non-empty string");
    }
    return t;
  }

  private static void ids(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
