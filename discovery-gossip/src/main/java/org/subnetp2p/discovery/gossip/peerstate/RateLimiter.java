package org.subnetp2p.discovery.gossip.peerstate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * A token bucket per sender: {@code burst} messages at once, then one per {@code refillMs}. The
 * buckets of at most {@code maxPeers} senders are kept, the least recently heard dropped first (a
 * dropped sender starts again with a full bucket). Thread-safe.
 */
final class RateLimiter {
  private static final class Bucket {
    double tokens;
    long updatedMs;
  }

  private final int burst;
  private final double perMs;
  private final int maxPeers;
  private final Map<PeerId, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

  RateLimiter(int burst, long refillMs, int maxPeers) {
    this.burst = burst;
    this.perMs = 1.0 / refillMs;
    this.maxPeers = maxPeers;
  }

  /** Takes a token from {@code peer}'s bucket; false if it is empty. */
  synchronized boolean tryAcquire(PeerId peer, long nowMs) {
    Bucket bucket = buckets.get(peer);
    if (bucket == null) {
      bucket = new Bucket();
      bucket.tokens = burst;
      bucket.updatedMs = nowMs;
      buckets.put(peer, bucket);
      if (buckets.size() > maxPeers) {
        var eldest = buckets.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    long elapsed = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMs);
    bucket.updatedMs = Math.max(bucket.updatedMs, nowMs);
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /** The number of senders tracked. */
  synchronized int size() {
    return buckets.size();
  }
}
