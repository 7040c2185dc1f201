/** Heartbeat over GossipSub sharing each peer's signed multiaddresses. */
module org.subnetp2p.discovery.gossip {
  requires org.subnetp2p.core;
  requires org.slf4j;
}
