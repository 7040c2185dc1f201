package org.subnetp2p.kademlia.rpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.identity.PeerId;

/**
 * Caps the inbound streams served at once: per peer, and over all peers. A peer's entry lives only
 * while it has a stream open, so the map is bounded by the total cap. Thread-safe.
 */
public final class InboundLimiter {
  private final int perPeer;
  private final int total;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<PeerId, Integer> byPeer = new ConcurrentHashMap<>();

  /** At most {@code perPeer} streams per peer and {@code total} in all. */
  public InboundLimiter(int perPeer, int total) {
    this.perPeer = perPeer;
    this.total = total;
  }

  /** Claims a slot for a stream of {@code peer}; false if a cap is reached. */
  public boolean tryAcquire(PeerId peer) {
    if (open.incrementAndGet() > total) {
      open.decrementAndGet();
      return false;
    }
    boolean[] ok = {false};
    byPeer.compute(
        peer,
        (p, n) -> {
          int now = n == null ? 0 : n;
          if (now >= perPeer) {
            return n;
          }
          ok[0] = true;
          return now + 1;
        });
    if (!ok[0]) {
      open.decrementAndGet();
    }
    return ok[0];
  }

  /** Frees the slot of one of {@code peer}'s streams. */
  public void release(PeerId peer) {
    byPeer.computeIfPresent(peer, (p, n) -> n <= 1 ? null : n - 1);
    open.decrementAndGet();
  }

  /** Streams open now. */
  public int open() {
    return open.get();
  }
}
