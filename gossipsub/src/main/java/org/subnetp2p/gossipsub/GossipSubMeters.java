package org.subnetp2p.gossipsub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.subnetp2p.gossipsub.router.Router;

/**
 * GossipSub's meters in its host's registry. The router lives on its event loop, so each heartbeat
 * copies what the meters show (counters, mesh sizes, the spread of peer scores) and a scrape reads
 * that copy without touching the loop. Peer scores are a min/median/max, never a label per peer.
 */
final class GossipSubMeters {
  /** Topics are this node's own subscriptions; this bounds their label values all the same. */
  private static final int MAX_TOPIC_LABELS = 256;

  private final MeterRegistry registry;
  private final Map<String, Integer> meshSizes = new ConcurrentHashMap<>();
  private final Set<String> meteredTopics = ConcurrentHashMap.newKeySet();
  private volatile GossipSubStats stats;
  private volatile double[] scores = new double[0];

  GossipSubMeters(MeterRegistry registry, GossipSubStats initial) {
    this.registry = registry;
    this.stats = initial;
    messages("received", GossipSubStats::messagesReceived);
    messages("duplicate", GossipSubStats::duplicates);
    messages("delivered", GossipSubStats::delivered);
    messages("published", GossipSubStats::published);
    messages("forwarded", GossipSubStats::forwarded);
    messages("rejected", GossipSubStats::rejected);
    messages("ignored", GossipSubStats::ignored);
    messages("throttled", GossipSubStats::throttled);
    messages("not_subscribed", GossipSubStats::notSubscribed);
    Gauge.builder("subnet.pubsub.peers", this, m -> m.scores.length)
        .description("Connected peers speaking a pubsub protocol.")
        .register(registry);
    score("min", s -> s[0]);
    score("median", s -> s[s.length / 2]);
    score("max", s -> s[s.length - 1]);
  }

  private void messages(String event, ToLongFunction<GossipSubStats> value) {
    FunctionCounter.builder("subnet.pubsub.messages", this, m -> value.applyAsLong(m.stats))
        .description(
            "Pubsub messages by event: received (first copies and duplicates), duplicate,"
                + " delivered to local subscribers, published here, forwarded, and refused ones.")
        .tag("event", event)
        .register(registry);
  }

  private interface Stat {
    double of(double[] sortedScores);
  }

  private void score(String stat, Stat f) {
    Gauge.builder(
            "subnet.pubsub.peer.score",
            this,
            m -> {
              double[] s = m.scores;
              return s.length == 0 ? Double.NaN : f.of(s);
            })
        .description("The spread of connected peers' GossipSub scores (NaN without peers).")
        .tag("stat", stat)
        .register(registry);
  }

  /** When this node joins {@code topic}: its mesh-size gauge, 0 until a heartbeat fills it. */
  void joined(String topic) {
    if (meteredTopics.size() < MAX_TOPIC_LABELS && meteredTopics.add(topic)) {
      Gauge.builder("subnet.pubsub.mesh.peers", meshSizes, m -> m.getOrDefault(topic, 0))
          .description("Peers in the mesh of each subscribed topic.")
          .tag("topic", topic)
          .register(registry);
    }
  }

  /** On the router's loop, after a heartbeat: takes what the meters show. */
  void update(Router router) {
    stats = router.stats();
    scores = router.connectedScores();
    Map<String, Integer> sizes = router.meshSizes();
    meshSizes.keySet().retainAll(sizes.keySet());
    meshSizes.putAll(sizes);
  }
}
