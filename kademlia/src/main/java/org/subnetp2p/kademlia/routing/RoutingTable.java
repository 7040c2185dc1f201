package org.subnetp2p.kademlia.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.subnetp2p.core.identity.PeerId;

/**
 * The Kademlia routing table: one bucket of at most {@code k} peers per length of the prefix a
 * peer's key shares with ours (0 to 255). A full bucket keeps newcomers in a replacement cache of
 * the same size; when a peer of the bucket fails it is evicted and the most recently seen
 * replacement takes its place. Thread-safe.
 */
public final class RoutingTable {
  /** What {@link #add} did. */
  public enum Outcome {
    /** The peer joined its bucket. */
    ADDED,
    /** The peer was in its bucket already; it is now its most recently seen. */
    PRESENT,
    /** Its bucket is full: the peer waits in the bucket's replacement cache. */
    CACHED,
    /** The peer is us. */
    SELF
  }

  private final PeerId self;
  private final Key selfKey;
  private final int k;
  private final Bucket[] buckets = new Bucket[Key.BITS];

  /** Peers of one prefix length; the least recently seen first. */
  private static final class Bucket {
    final LinkedHashMap<PeerId, Key> peers = new LinkedHashMap<>();
    final LinkedHashMap<PeerId, Key> replacements = new LinkedHashMap<>();
  }

  /** An empty table for {@code self}, with buckets of {@code k} peers. */
  public RoutingTable(PeerId self, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("bucket size must be positive");
    }
    this.self = Objects.requireNonNull(self, "self");
    this.selfKey = Key.of(self);
    this.k = k;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new Bucket();
    }
  }

  /** Our own key. */
  public Key selfKey() {
    return selfKey;
  }

  private Bucket bucketOf(Key key) {
    return buckets[Math.min(selfKey.commonPrefixLength(key), Key.BITS - 1)];
  }

  /** Adds {@code peer}, or marks it seen if present. */
  public synchronized Outcome add(PeerId peer) {
    if (peer.equals(self)) {
      return Outcome.SELF;
    }
    Key key = Key.of(peer);
    Bucket b = bucketOf(key);
    if (b.peers.remove(peer) != null) {
      b.peers.put(peer, key);
      return Outcome.PRESENT;
    }
    if (b.peers.size() < k) {
      b.replacements.remove(peer);
      b.peers.put(peer, key);
      return Outcome.ADDED;
    }
    b.replacements.remove(peer);
    b.replacements.put(peer, key);
    if (b.replacements.size() > k) {
      Iterator<PeerId> eldest = b.replacements.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return Outcome.CACHED;
  }

  /**
   * Evicts {@code peer}, e.g. because it failed to answer; the most recently seen replacement of
   * its bucket takes its place.
   *
   * @return the replacement promoted, or {@code null}
   */
  public synchronized PeerId evict(PeerId peer) {
    Key key = Key.of(peer);
    Bucket b = bucketOf(key);
    b.replacements.remove(peer);
    if (b.peers.remove(peer) == null || b.replacements.isEmpty()) {
      return null;
    }
    PeerId newest = null;
    for (PeerId p : b.replacements.keySet()) {
      newest = p;
    }
    b.peers.put(newest, b.replacements.remove(newest));
    return newest;
  }

  /** Marks {@code peer} as just seen alive, if it is in the table. */
  public synchronized void seen(PeerId peer) {
    Bucket b = bucketOf(Key.of(peer));
    Key key = b.peers.remove(peer);
    if (key != null) {
      b.peers.put(peer, key);
    }
  }

  /** Whether {@code peer} is in a bucket (not merely a replacement). */
  public synchronized boolean contains(PeerId peer) {
    return bucketOf(Key.of(peer)).peers.containsKey(peer);
  }

  /** The {@code count} peers closest to {@code target}, closest first. */
  public synchronized List<PeerId> closest(Key target, int count) {
    List<Map.Entry<PeerId, Key>> all = new ArrayList<>();
    for (Bucket b : buckets) {
      all.addAll(b.peers.entrySet());
    }
    Comparator<Key> byDistance = target.byDistance();
    all.sort((x, y) -> byDistance.compare(x.getValue(), y.getValue()));
    return all.stream().limit(count).map(Map.Entry::getKey).toList();
  }

  /** Every peer in the table. */
  public synchronized List<PeerId> peers() {
    List<PeerId> out = new ArrayList<>();
    for (Bucket b : buckets) {
      out.addAll(b.peers.keySet());
    }
    return out;
  }

  /** How many peers the table holds. */
  public synchronized int size() {
    int n = 0;
    for (Bucket b : buckets) {
      n += b.peers.size();
    }
    return n;
  }

  /** The longest prefix length shared with a peer in the table, or -1 when empty. */
  public synchronized int deepestBucket() {
    for (int i = buckets.length - 1; i >= 0; i--) {
      if (!buckets[i].peers.isEmpty()) {
        return i;
      }
    }
    return -1;
  }

  /** The peers in the bucket of prefix length {@code cpl}, least recently seen first. */
  public synchronized List<PeerId> bucket(int cpl) {
    return List.copyOf(buckets[cpl].peers.keySet());
  }
}
