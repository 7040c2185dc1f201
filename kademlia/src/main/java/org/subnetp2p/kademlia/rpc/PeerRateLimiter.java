package org.subnetp2p.kademlia.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * A token bucket per peer: {@code perSecond} requests sustained, {@code burst} at once after a
 * pause. Remembers at most {@code maxPeers} peers (the least recently active are forgotten, which
 * only ever gives a forgotten peer a full bucket again). Thread-safe.
 */
public final class PeerRateLimiter {
  private final double perSecond;
  private final int burst;
  private final Map<PeerId, double[]> buckets;

  /** A limiter of {@code perSecond} sustained and {@code burst} at once, per peer. */
  public PeerRateLimiter(double perSecond, int burst, int maxPeers) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<PeerId, double[]> eldest) {
            return size() > maxPeers;
          }
        };
  }

  /** Takes one token of {@code peer}'s bucket; false if it is empty. */
  public synchronized boolean tryAcquire(PeerId peer) {
    long now = System.nanoTime();
    // [tokens, last refill in nanos]
    double[] b = buckets.computeIfAbsent(peer, p -> new double[] {burst, now});
    double refill = (now - (long) b[1]) / 1e9 * perSecond;
    b[0] = Math.min(burst, b[0] + refill);
    b[1] = now;
    if (b[0] < 1) {
      return false;
    }
    b[0] -= 1;
    return true;
  }
}
