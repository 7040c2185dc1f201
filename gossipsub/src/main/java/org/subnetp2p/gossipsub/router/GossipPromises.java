package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * IHAVE promises (GossipSub v1.1 spam protection): for each IHAVE we answer with IWANT, one of the
 * asked ids is remembered; if no copy of it arrives from anyone in time, the peer that offered it
 * broke its promise.
 */
final class GossipPromises {
  private final Map<ByteString, Map<PeerId, Long>> promises = new HashMap<>();

  /** {@code peer} promised {@code id} by {@code deadline}. */
  void add(PeerId peer, ByteString id, long deadline) {
    promises.computeIfAbsent(id, k -> new HashMap<>(2)).putIfAbsent(peer, deadline);
  }

  /** A copy of {@code id} arrived: every promise of it is kept. */
  void delivered(ByteString id) {
    promises.remove(id);
  }

  /** Removes the promises past their deadline and counts them per peer. */
  Map<PeerId, Integer> broken(long now) {
    Map<PeerId, Integer> out = new HashMap<>();
    for (Iterator<Map<PeerId, Long>> it = promises.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> byPeer = it.next();
      byPeer
          .entrySet()
          .removeIf(
              e -> {
                if (now - e.getValue() > 0) {
                  out.merge(e.getKey(), 1, Integer::sum);
                  return true;
                }
                return false;
              });
      if (byPeer.isEmpty()) {
        it.remove();
      }
    }
    return out;
  }

  /** Forgets every promise of {@code peer}, e.g. once it disconnected. */
  void removePeer(PeerId peer) {
    promises.values().forEach(m -> m.remove(peer));
    promises.values().removeIf(Map::isEmpty);
  }

  int size() {
    return promises.size();
  }
}
