package org.subnetp2p.core.routing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** Finds peers through other peers, as the Kademlia DHT does. */
public interface PeerRouting {

  /**
   * Asks the network for {@code peer}'s addresses; an empty list if nobody knows them before the
   * routing deadline.
   */
  CompletableFuture<List<Multiaddr>> findPeer(PeerId peer);

  /** The peers closest to {@code key} in the routing space that the network knows of. */
  CompletableFuture<List<PeerId>> closestPeers(byte[] key);
}
