package org.subnetp2p.node.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** What each of the node's discoveries knows right now: per peer, per discovery, its addresses. */
final class DiscoveredPeers {
  private DiscoveredPeers() {}

  /**
   * Asks every discovery what it knows; one still answering is skipped rather than waited for, so
   * the admin endpoint never blocks on a lookup.
   */
  static Map<PeerId, Map<String, List<String>>> of(List<MultiaddrDiscovery> discoveries) {
    Map<PeerId, Map<String, List<String>>> discovered = new HashMap<>();
    for (MultiaddrDiscovery d : discoveries) {
      List<Multiaddr> known;
      try {
        known = d.knownPeers().getNow(List.of());
      } catch (RuntimeException e) {
        known = List.of();
      }
      for (Multiaddr a : known) {
        a.peerId()
            .ifPresent(
                p ->
                    discovered
                        .computeIfAbsent(p, k -> new TreeMap<>())
                        .computeIfAbsent(d.name(), k -> new ArrayList<>())
                        .add(a.toString()));
      }
    }
    return discovered;
  }
}
