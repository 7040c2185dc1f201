package org.subnetp2p.core.discovery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Answers "where is peer X?": an on-chain registry, a gossip heartbeat cache, the DHT. The node
 * asks its providers in order of {@link #cost()}, cheapest first, and stops at the first answer.
 */
public interface MultiaddrDiscovery extends AutoCloseable {

  /** The name the config selects this provider by, e.g. {@code chain}. */
  String name();

  /**
   * Relative cost of one lookup: a local cache is cheap, asking the network dearer, reading a chain
   * dearest. Lower goes first.
   */
  int cost();

  /** Begins discovering on behalf of {@code host}, e.g. subscribes or starts polling. */
  default void start(Host host) {}

  /**
   * The addresses of {@code peer}, each ending in its {@code /p2p/} id; an empty list if this
   * provider does not know the peer. Completes within the provider's own deadline.
   */
  CompletableFuture<List<Multiaddr>> find(PeerId peer);

  /** Every peer this provider currently knows of, for bootstrapping and the demo. */
  default CompletableFuture<List<Multiaddr>> knownPeers() {
    return CompletableFuture.completedFuture(List.of());
  }

  /** Stops discovering. */
  @Override
  default void close() {}
}
