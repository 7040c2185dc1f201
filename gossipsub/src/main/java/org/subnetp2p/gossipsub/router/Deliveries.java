package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;

/**
 * The seen cache, with what scoring needs to know of each message: who delivered it first, when it
 * was validated, and which peers delivered copies while it was validated or just after (the
 * near-first deliveries of P3). Entries expire after the seen TTL; at most {@code capacity} are
 * kept, the oldest going first.
 */
final class Deliveries {
  /** Where a message stands. */
  enum Status {
    VALIDATING,
    VALID,
    INVALID,
    IGNORED
  }

  /** What is known of one message id. */
  static final class Record {
    Status status = Status.VALIDATING;
    final PeerId firstFrom;
    final String topic;
    long validatedNanos;
    final Set<PeerId> peers = new HashSet<>(4);

    Record(PeerId firstFrom, String topic) {
      this.firstFrom = firstFrom;
      this.topic = topic;
    }
  }

  private record Stamp(ByteString id, long nanos) {}

  private final Map<ByteString, Record> records = new HashMap<>();
  private final ArrayDeque<Stamp> order = new ArrayDeque<>();
  private final long ttlNanos;
  private final int capacity;

  Deliveries(long ttlNanos, int capacity) {
    this.ttlNanos = ttlNanos;
    this.capacity = capacity;
  }

  /** The record of {@code id}, or {@code null} if it was not seen (or was forgotten). */
  Record get(ByteString id) {
    return records.get(id);
  }

  /** Whether {@code id} was seen. */
  boolean contains(ByteString id) {
    return records.containsKey(id);
  }

  /** Marks {@code id} seen, first delivered by {@code from} ({@code null}: published here). */
  Record add(ByteString id, PeerId from, String topic, long now) {
    Record r = new Record(from, topic);
    if (records.put(id, r) == null) {
      order.addLast(new Stamp(id, now));
    }
    while (records.size() > capacity) {
      Stamp oldest = order.pollFirst();
      if (oldest == null) {
        break;
      }
      records.remove(oldest.id());
    }
    return r;
  }

  /** Forgets {@code id}, so a later copy is handled afresh (e.g. after a forged first copy). */
  void remove(ByteString id) {
    records.remove(id);
  }

  /** Forgets ids older than the TTL. */
  void expire(long now) {
    while (!order.isEmpty() && now - order.peekFirst().nanos() > ttlNanos) {
      Stamp s = order.pollFirst();
      records.remove(s.id());
    }
    // Stamps of removed (then re-added) ids linger until their time; trim them when they pile up.
    if (order.size() > 2 * capacity) {
      order.removeIf(s -> !records.containsKey(s.id()));
    }
  }

  int size() {
    return records.size();
  }
}
