package org.subnetp2p.kademlia.store;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records this peer keeps for others ({@code PUT_VALUE}), each for {@code ttl} from when it was
 * received. Bounded: beyond {@code maxRecords} keys a new key is refused (a flood cannot push out
 * what is stored). Validation is the caller's. Thread-safe.
 */
public final class ValueStore {
  /**
   * A stored value.
   *
   * @param value the record's value
   * @param received when it was stored
   */
  public record Stored(byte[] value, Instant received) {}

  private final int maxRecords;
  private final Duration ttl;
  private final Clock clock;
  private final Map<ByteString, Stored> records = new HashMap<>();

  /** A store of at most {@code maxRecords} records, each kept {@code ttl}. */
  public ValueStore(int maxRecords, Duration ttl, Clock clock) {
    this.maxRecords = maxRecords;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * Stores {@code value} under {@code key}, replacing what was there.
   *
   * @return false if the store is full and {@code key} is new
   */
  public synchronized boolean put(byte[] key, byte[] value) {
    ByteString k = ByteString.copyFrom(key);
    if (!records.containsKey(k) && records.size() >= maxRecords) {
      removeExpired();
      if (records.size() >= maxRecords) {
        return false;
      }
    }
    records.put(k, new Stored(value.clone(), clock.instant()));
    return true;
  }

  /** The unexpired value under {@code key}. */
  public synchronized Optional<Stored> get(byte[] key) {
    ByteString k = ByteString.copyFrom(key);
    Stored s = records.get(k);
    if (s != null && expired(s)) {
      records.remove(k);
      return Optional.empty();
    }
    return Optional.ofNullable(s);
  }

  /** Drops expired records. */
  public synchronized void removeExpired() {
    records.values().removeIf(this::expired);
  }

  /** How many records are held. */
  public synchronized int size() {
    return records.size();
  }

  private boolean expired(Stored s) {
    return !s.received().plus(ttl).isAfter(clock.instant());
  }
}
