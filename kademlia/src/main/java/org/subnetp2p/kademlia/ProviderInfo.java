package org.subnetp2p.kademlia;

import java.util.List;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A peer that provides a key, as {@code GET_PROVIDERS} reports it.
 *
 * @param peer the provider
 * @param addresses where it can be reached, without {@code /p2p/}; may be empty
 */
public record ProviderInfo(PeerId peer, List<Multiaddr> addresses) {
  /** Copies the list. */
  public ProviderInfo {
    addresses = List.copyOf(addresses);
  }
}
