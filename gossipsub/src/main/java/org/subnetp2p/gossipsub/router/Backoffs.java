package org.subnetp2p.gossipsub.router;

import java.util.HashMap;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/** Per topic and peer: until when this router must not GRAFT the peer again, and when it began. */
final class Backoffs {
  private record Backoff(long startNanos, long untilNanos) {}

  private final Map<String, Map<PeerId, Backoff>> byTopic = new HashMap<>();

  /** Sets a backoff of {@code durationNanos} from {@code now}, never shortening one in force. */
  void add(String topic, PeerId peer, long now, long durationNanos) {
    Map<PeerId, Backoff> peers = byTopic.computeIfAbsent(topic, t -> new HashMap<>());
    long until = now + durationNanos;
    Backoff old = peers.get(peer);
    if (old == null || until - old.untilNanos() > 0) {
      peers.put(peer, new Backoff(now, until));
    }
  }

  /** Whether {@code peer} is in backoff for {@code topic}, {@code slackNanos} added to its end. */
  boolean active(String topic, PeerId peer, long now, long slackNanos) {
    Backoff b = find(topic, peer);
    return b != null && b.untilNanos() + slackNanos - now > 0;
  }

  /** Whether a backoff in force began less than {@code windowNanos} ago. */
  boolean recent(String topic, PeerId peer, long now, long windowNanos) {
    Backoff b = find(topic, peer);
    return b != null && b.untilNanos() - now > 0 && now - b.startNanos() < windowNanos;
  }

  private Backoff find(String topic, PeerId peer) {
    Map<PeerId, Backoff> peers = byTopic.get(topic);
    return peers == null ? null : peers.get(peer);
  }

  /** Drops backoffs that ended more than {@code slackNanos} ago. */
  void expire(long now, long slackNanos) {
    byTopic
        .values()
        .forEach(peers -> peers.values().removeIf(b -> now - (b.untilNanos() + slackNanos) > 0));
    byTopic.values().removeIf(Map::isEmpty);
  }
}
