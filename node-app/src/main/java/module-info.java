/**
 * The assembled node: Guice assembly from the providers the config selects, the {@code subnet-node}
 * CLI, the admin endpoint.
 */
module org.subnetp2p.node {
  requires transitive org.subnetp2p.core;
  requires org.subnetp2p.protocols.task;
  // The registry commands use the chain module's API (an automatic module: Web3j stays on the
  // class path, behind it).
  requires org.subnetp2p.discovery.chain;
  requires com.google.guice;
  requires info.picocli;
  requires jdk.httpserver;
  requires org.slf4j;
  // /metrics: the node's PrometheusMeterRegistry.
  requires micrometer.registry.prometheus;

  exports org.subnetp2p.node;

  // Guice calls NodeModule's @Provides methods, picocli fills the commands' fields.
  opens org.subnetp2p.node to
      com.google.guice;
  opens org.subnetp2p.node.cli to
      info.picocli;

  uses org.subnetp2p.core.host.spi.HostProvider;
  uses org.subnetp2p.core.protocol.spi.ProtocolProvider;
  uses org.subnetp2p.core.discovery.spi.DiscoveryProvider;
  uses org.subnetp2p.core.admission.spi.GaterProvider;
  uses org.subnetp2p.core.pubsub.spi.PubSubProvider;

  provides org.subnetp2p.core.admission.spi.GaterProvider with
      org.subnetp2p.node.AllowAllGaterProvider;
}
