package org.subnetp2p.kademlia;

import java.time.Duration;
import java.util.List;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * What a lookup found.
 *
 * @param closest the peers closest to the key that answered, closest first (at most k)
 * @param targetAddresses for a peer lookup, the addresses found for that peer, each with its {@code
 *     /p2p/} id; empty if it was not found (or for other lookups)
 * @param rounds for a peer lookup that found its target, the hop that named it; else the deepest
 *     hop that answered (see {@link LookupProgress#rounds()})
 * @param queried requests sent: the lookup's messages
 * @param answered peers that answered
 * @param failed peers that failed or timed out
 * @param elapsed how long it took
 * @param timedOut whether the lookup's deadline ended it
 */
public record LookupResult(
    List<PeerId> closest,
    List<Multiaddr> targetAddresses,
    int rounds,
    int queried,
    int answered,
    int failed,
    Duration elapsed,
    boolean timedOut) {

  /** Copies the lists. */
  public LookupResult {
    closest = List.copyOf(closest);
    targetAddresses = List.copyOf(targetAddresses);
  }

  /** Whether a peer lookup found its target's addresses. */
  public boolean found() {
    return !targetAddresses.isEmpty();
  }
}
