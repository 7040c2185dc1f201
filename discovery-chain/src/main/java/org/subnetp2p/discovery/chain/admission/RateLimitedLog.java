package org.subnetp2p.discovery.chain.admission;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides whether something about a key (a refused peer) may be logged now: once per key and
 * interval. Remembers at most {@code maxKeys} keys, so a flood of new peer ids cannot grow it; when
 * full, the lines it could not vouch for are dropped and counted.
 */
final class RateLimitedLog<K> {
  private final long intervalNanos;
  private final int maxKeys;
  private final Map<K, Long> lastLogged = new ConcurrentHashMap<>();
  private final LongAdder suppressed = new LongAdder();

  RateLimitedLog(Duration interval, int maxKeys) {
    this.intervalNanos = interval.toNanos();
    this.maxKeys = maxKeys;
  }

  /** True if a line about {@code key} may be logged now (and notes that it was). */
  boolean shouldLog(K key) {
    long now = System.nanoTime();
    Long last = lastLogged.get(key);
    if (last != null && now - last < intervalNanos) {
      suppressed.increment();
      return false;
    }
    if (last == null && lastLogged.size() >= maxKeys) {
      lastLogged.values().removeIf(at -> now - at >= intervalNanos);
      if (lastLogged.size() >= maxKeys) {
        suppressed.increment();
        return false;
      }
    }
    lastLogged.put(key, now);
    return true;
  }

  /** Lines not logged so far. */
  long suppressed() {
    return suppressed.sum();
  }
}
