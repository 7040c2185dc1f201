package org.subnetp2p.discovery.chain;

import java.util.Objects;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A registry record that passed every check: a peer id in its canonical base58 text, and a
 * multiaddr that decodes and ends in {@code /p2p/} of that same peer.
 *
 * @param peer the registered peer
 * @param address where it says it can be reached, ending in {@code /p2p/<peer>}
 */
public record RegistryRecord(PeerId peer, Multiaddr address) {
  /** Checks that {@code address} names {@code peer}. */
  public RegistryRecord {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(address, "address");
    if (!address.peerId().map(peer::equals).orElse(false)) {
      throw new IllegalArgumentException(address + " does not end in /p2p/" + peer);
    }
  }
}
