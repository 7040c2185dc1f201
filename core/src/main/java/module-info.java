/** Core API and SPIs: identity, multiaddr, host, request/response template. */
module org.subnetp2p.core {
  requires transitive com.google.protobuf;
  requires transitive org.slf4j;

  exports org.subnetp2p.core.admission;
  exports org.subnetp2p.core.admission.spi;
  exports org.subnetp2p.core.discovery;
  exports org.subnetp2p.core.discovery.spi;
  exports org.subnetp2p.core.encoding;
  exports org.subnetp2p.core.host;
  exports org.subnetp2p.core.host.spi;
  exports org.subnetp2p.core.identity;
  exports org.subnetp2p.core.multiaddr;
  exports org.subnetp2p.core.protocol;
  exports org.subnetp2p.core.protocol.spi;
  exports org.subnetp2p.core.pubsub;
  exports org.subnetp2p.core.pubsub.spi;
  exports org.subnetp2p.core.record;
  exports org.subnetp2p.core.routing;
  exports org.subnetp2p.core.spi;

  uses org.subnetp2p.core.host.spi.HostProvider;
  uses org.subnetp2p.core.protocol.spi.ProtocolProvider;
  uses org.subnetp2p.core.discovery.spi.DiscoveryProvider;
  uses org.subnetp2p.core.admission.spi.GaterProvider;
  uses org.subnetp2p.core.pubsub.spi.PubSubProvider;
}
