package org.subnetp2p.it;

/**
 * {@link DiscoveryClusterIT} with the Kademlia DHT alone: each node serves the DHT (the node's
 * default when it listens, even on the containers' private addresses), and a call's short-lived
 * node, a DHT client, looks the peer up through node0.
 */
class DhtDiscoveryClusterIT extends DiscoveryClusterIT {
  @Override
  String discovery() {
    return "dht";
  }
}
