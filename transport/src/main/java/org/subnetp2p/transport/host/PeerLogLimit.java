package org.subnetp2p.transport.host;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * Whether an event about a peer is worth an INFO line: once per peer and interval, so a peer that
 * reconnects in a loop cannot flood the log. Remembers a bounded number of peers, the least
 * recently seen forgotten first.
 */
final class PeerLogLimit {
  private static final int MAX_PEERS = 10_000;

  private final long intervalNanos;
  private final Map<PeerId, Long> lastLogged =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Long> eldest) {
          return size() > MAX_PEERS;
        }
      };

  PeerLogLimit(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** True at most once per interval for {@code peer}. */
  synchronized boolean shouldLog(PeerId peer, long nowNanos) {
    Long last = lastLogged.get(peer);
    if (last != null && nowNanos - last < intervalNanos) {
      return false;
    }
    lastLogged.put(peer, nowNanos);
    return true;
  }
}
