/**
 * The {@code gossip} discovery: subnet-template's signed peer-state heartbeat on the node's pubsub,
 * and its Merkle DAG sync protocol. Only the API package is exported; the record model, canonical
 * JSON and the protocol stay inside.
 */
module org.subnetp2p.discovery.gossip {
  requires transitive org.subnetp2p.core;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports org.subnetp2p.discovery.gossip;

  provides org.subnetp2p.core.discovery.spi.DiscoveryProvider with
      org.subnetp2p.discovery.gossip.GossipDiscoveryProvider;
}
