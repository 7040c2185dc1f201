import org.jspecify.annotations.NullMarked;

/**
 * Core API and SPIs: identity, multiaddr, host, request/response template. Null-marked: a type
 * without {@code @Nullable} is never null.
 */
// "module": the qualified export names a module that is compiled after this one.
@SuppressWarnings("module")
@NullMarked
module org.subnetp2p.core {
  requires transitive com.google.protobuf;
  requires transitive org.slf4j;
  // Metrics: Host#meterRegistry() hands a Micrometer registry to everything built on a host.
  requires transitive micrometer.core;
  // @Nullable in the API: users' null checkers read it.
  requires transitive org.jspecify;
  // secp256k1, Ed25519 (lightweight API; no provider is registered). No BouncyCastle type is in
  // the API, so not transitive.
  requires org.bouncycastle.provider;

  exports org.subnetp2p.core.admission;
  exports org.subnetp2p.core.admission.spi;
  exports org.subnetp2p.core.discovery;
  exports org.subnetp2p.core.discovery.spi;
  // Varint, base58, multibase: implementation details shared with the project's own modules, not
  // API (a protocol module of a user frames its messages with protobuf's own coded streams).
  exports org.subnetp2p.core.encoding to
      org.subnetp2p.transport,
      org.subnetp2p.kademlia,
      org.subnetp2p.gossipsub,
      org.subnetp2p.discovery.gossip;
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
