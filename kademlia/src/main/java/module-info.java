/**
 * The Kademlia DHT ({@code /ipfs/kad/1.0.0}) on core's {@code Host} API: peer routing, records,
 * provider records, and the {@code dht} discovery.
 */
module org.subnetp2p.kademlia {
  requires transitive org.subnetp2p.core;
  requires com.google.protobuf;
  requires org.slf4j;

  exports org.subnetp2p.kademlia;

  // protobuf reads the generated messages' accessors reflectively.
  opens org.subnetp2p.kademlia.wire.pb to
      com.google.protobuf;

  provides org.subnetp2p.core.discovery.spi.DiscoveryProvider with
      org.subnetp2p.kademlia.discovery.KadDiscoveryProvider;
}
