package org.subnetp2p.discovery.gossip;

import java.util.List;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;

/** The README's example, compiled with the tests so that it keeps compiling. Not run. */
final class ReadmeExample {
  private ReadmeExample() {}

  static GossipStats example(Host host, PrivateKey identity, PubSub pubSub, PeerId peerId) {
    GossipDiscovery gossip =
        new GossipDiscovery(GossipSettings.builder().subnetId(1).subnetNodeId(4).build())
            .bind(identity, pubSub); // the host's key signs the records; any PubSub carries them
    gossip.start(host); // after host.start(): serves the sync protocol, subscribes, publishes
    List<Multiaddr> addresses = gossip.find(peerId).join(); // from the cache, at once
    GossipStats stats = gossip.stats(); // refusals by reason, cache and DAG sizes, sync counters
    return addresses.isEmpty() ? null : stats;
  }
}
