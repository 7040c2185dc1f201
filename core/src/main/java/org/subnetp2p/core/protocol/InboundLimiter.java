package org.subnetp2p.core.protocol;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.identity.PeerId;

/**
 * Caps the inbound requests served at once, in total and per peer. Capacity is reserved before any
 * work starts, so a flood of requests costs one counter check each.
 */
final class InboundLimiter {
  private final int maxTotal;
  private final int maxPerPeer;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<PeerId, AtomicInteger> perPeer = new ConcurrentHashMap<>();

  InboundLimiter(int maxTotal, int maxPerPeer) {
    this.maxTotal = maxTotal;
    this.maxPerPeer = maxPerPeer;
  }

  /** Reserves one slot for {@code peer}; false when either limit is reached. */
  boolean tryAcquire(PeerId peer) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return false;
    }
    boolean[] admitted = {false};
    perPeer.compute(
        peer,
        (p, count) -> {
          AtomicInteger c = count == null ? new AtomicInteger() : count;
          if (c.get() < maxPerPeer) {
            c.incrementAndGet();
            admitted[0] = true;
          }
          return c.get() == 0 ? null : c;
        });
    if (!admitted[0]) {
      total.decrementAndGet();
    }
    return admitted[0];
  }

  /** Frees the slot reserved for {@code peer}. */
  void release(PeerId peer) {
    perPeer.computeIfPresent(peer, (p, c) -> c.decrementAndGet() == 0 ? null : c);
    total.decrementAndGet();
  }

  /** Requests being served right now. */
  int inFlight() {
    return total.get();
  }
}
