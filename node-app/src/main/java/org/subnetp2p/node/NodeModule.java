package org.subnetp2p.node;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.ProvisionException;
import com.google.inject.Singleton;
import com.google.inject.multibindings.MapBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.admission.spi.GaterProvider;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.spi.HostProvider;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.identity.Signer;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.protocol.spi.ProtocolProvider;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.pubsub.spi.PubSubProvider;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * Assembles a {@link Node} with Guice: every provider found is bound in a {@link MapBinder} per
 * kind, and the config selects from those maps by name. Guice stays inside this class: callers see
 * only {@link Node#create}.
 */
final class NodeModule extends AbstractModule {
  private static final Logger LOG = LoggerFactory.getLogger(NodeModule.class);
  private static final String AGENT_VERSION = "subnet-node/0.1.0";
  private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
  private static final String DHT = "dht";
  private static final String DHT_MODE = "mode";

  private final NodeConfig config;
  private final PrivateKey identity;
  private final ProviderRegistry registry;

  /** What was created so far, closed again if a later step fails. */
  private final Deque<AutoCloseable> created = new ArrayDeque<>();

  private NodeModule(NodeConfig config, PrivateKey identity, ProviderRegistry registry) {
    this.config = config;
    this.identity = identity;
    this.registry = registry;
  }

  static Node assemble(NodeConfig config, PrivateKey identity, ProviderRegistry registry) {
    // Guice's generated glue defines classes through sun.misc.Unsafe, which JDK 24+ warns about on
    // stderr; the node needs no AOP, and a handful of reflective calls at start cost nothing.
    if (System.getProperty(GUICE_BYTECODE_GEN) == null) {
      System.setProperty(GUICE_BYTECODE_GEN, "DISABLED");
    }
    checkProviderSettings(config, registry);
    NodeModule module = new NodeModule(config, identity, registry);
    try {
      return Guice.createInjector(module).getInstance(Node.class);
    } catch (CreationException | ProvisionException e) {
      module.closeCreated();
      throw unwrap(e);
    }
  }

  /** Every provider setting must belong to a selected provider: a typo fails here. */
  private static void checkProviderSettings(NodeConfig config, ProviderRegistry registry) {
    Set<String> known =
        registry.settingKeys(
            config.host(),
            config.protocols(),
            config.discovery(),
            config.gater(),
            registry.pubSubToStart(config).orElse(null));
    for (String key : config.providerSettings().keySet()) {
      if (!known.contains(key)) {
        throw new ConfigException(
            "unknown provider setting \""
                + key
                + "\"; known: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
      }
    }
  }

  @Override
  protected void configure() {
    bind(NodeConfig.class).toInstance(config);
    bind(PrivateKey.class).toInstance(identity);
    bindByName(HostProvider.class, registry.hosts());
    bindByName(ProtocolProvider.class, registry.protocols());
    bindByName(DiscoveryProvider.class, registry.discoveries());
    bindByName(GaterProvider.class, registry.gaters());
    bindByName(PubSubProvider.class, registry.pubsubs());
  }

  private <P> void bindByName(Class<P> type, Map<String, P> providers) {
    MapBinder<String, P> byName = MapBinder.newMapBinder(binder(), String.class, type);
    providers.forEach((name, provider) -> byName.addBinding(name).toInstance(provider));
  }

  @Provides
  @Singleton
  PeerId peerId() {
    return PeerId.fromPublicKey(identity.publicKey());
  }

  /**
   * The node's metrics: the host and everything built on it record here; the admin endpoint's
   * {@code /metrics} serves its scrape. One per node, so nodes in one JVM never mix their gauges.
   */
  @Provides
  @Singleton
  PrometheusMeterRegistry meterRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Provides
  @Singleton
  ConnectionGater gater(Map<String, GaterProvider> gaters, PeerId self) {
    GaterProvider provider = selected(ProviderKind.GATER, gaters, config.gater());
    ConnectionGater gater =
        create(
            ProviderKind.GATER,
            config.gater(),
            () -> provider.create(context(ProviderKind.GATER, config.gater(), self)));
    created.push(gater);
    return gater;
  }

  @Provides
  @Singleton
  Host host(
      Map<String, HostProvider> hosts, ConnectionGater gater, PrometheusMeterRegistry metrics) {
    HostProvider provider = selected(ProviderKind.HOST, hosts, config.host());
    String prefix = ProviderKind.HOST.prefix(config.host());
    HostConfig hostConfig;
    try {
      hostConfig =
          TransportSettings.apply(
                  HostConfig.builder(identity)
                      .listen(config.listen())
                      .gater(gater)
                      .meterRegistry(metrics)
                      .agentVersion(AGENT_VERSION)
                      .securityProtocols(config.securityProtocols())
                      .muxerProtocols(config.muxerProtocols()),
                  prefix,
                  config.settingsOf(ProviderKind.HOST, config.host()))
              .build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(prefix + ": " + e.getMessage(), e);
    }
    Host host = create(ProviderKind.HOST, config.host(), () -> provider.create(hostConfig));
    created.push(host);
    return host;
  }

  @Provides
  @Singleton
  Node node(
      Host host,
      ConnectionGater gater,
      PeerId self,
      Map<String, ProtocolProvider> protocolProviders,
      Map<String, DiscoveryProvider> discoveryProviders,
      Map<String, PubSubProvider> pubsubProviders) {
    Map<String, ProtocolBase<?, ?>> protocols = new LinkedHashMap<>();
    for (String name : config.protocols()) {
      ProtocolProvider provider = selected(ProviderKind.PROTOCOL, protocolProviders, name);
      ProtocolBase<?, ?> protocol =
          create(
              ProviderKind.PROTOCOL,
              name,
              () -> provider.create(host, context(ProviderKind.PROTOCOL, name, self)));
      created.push(protocol);
      protocols.put(name, protocol);
    }
    PubSub pubsub = null;
    String pubsubName = registry.pubSubToStart(config).orElse(null);
    if (pubsubName != null) {
      PubSubProvider provider = selected(ProviderKind.PUBSUB, pubsubProviders, pubsubName);
      pubsub =
          create(
              ProviderKind.PUBSUB,
              pubsubName,
              () ->
                  provider.create(
                      host, identity, context(ProviderKind.PUBSUB, pubsubName, self, null)));
      created.push(pubsub);
    }
    PubSub nodePubSub = pubsub;
    List<MultiaddrDiscovery> discoveries = new ArrayList<>();
    for (String name : config.discovery()) {
      DiscoveryProvider provider = selected(ProviderKind.DISCOVERY, discoveryProviders, name);
      MultiaddrDiscovery discovery =
          create(
              ProviderKind.DISCOVERY,
              name,
              () -> provider.create(discoveryContext(name, self, nodePubSub)));
      created.push(discovery);
      discoveries.add(discovery);
    }
    discoveries.sort(Comparator.comparingInt(MultiaddrDiscovery::cost));
    return new Node(config, host, gater, protocols, discoveries, pubsub);
  }

  /** The provider named {@code name}, logged once: each is selected by one singleton binding. */
  private static <P> P selected(ProviderKind kind, Map<String, P> providers, String name) {
    P provider = ProviderRegistry.select(kind, providers, name);
    LOG.info("loaded {} \"{}\" ({})", kind.label(), name, provider.getClass().getName());
    return provider;
  }

  private ProviderContext context(ProviderKind kind, String name, PeerId self) {
    return context(kind, name, self, null);
  }

  /**
   * A discovery's context: its settings with the node's defaults, the pubsub, and a {@link Signer}
   * of the identity for those that sign records as the node (the gossip heartbeat), rather than the
   * key itself.
   */
  private ProviderContext discoveryContext(String name, PeerId self, PubSub pubsub) {
    Map<String, String> settings =
        new LinkedHashMap<>(config.settingsOf(ProviderKind.DISCOVERY, name));
    if (name.equals(DHT) && !settings.containsKey(DHT_MODE) && !config.listen().isEmpty()) {
      // A listening subnet node answers DHT queries, as subnet-template's all do. The DHT's own
      // "auto" would make every node on a LAN, in a container or on loopback a mere client, and a
      // subnet of clients finds nobody. A node that does not listen stays "auto" (a client).
      settings.put(DHT_MODE, "server");
    }
    return ProviderContext.of(
        self,
        ProviderKind.DISCOVERY.prefix(name),
        settings,
        config.nodeSettings(),
        pubsub,
        Signer.of(identity));
  }

  private ProviderContext context(ProviderKind kind, String name, PeerId self, PubSub pubsub) {
    return ProviderContext.of(
        self, kind.prefix(name), config.settingsOf(kind, name), config.nodeSettings(), pubsub);
  }

  /** Runs a provider's factory, turning its complaint about a setting into a config error. */
  private static <T> T create(ProviderKind kind, String name, Supplier<T> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(kind.label() + " \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private void closeCreated() {
    while (!created.isEmpty()) {
      try {
        created.pop().close();
      } catch (Exception e) {
        LOG.debug("closing after a failed assembly: {}", e.toString());
      }
    }
  }

  /** Guice wraps what the providers throw; callers want the config error itself. */
  private static RuntimeException unwrap(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConfigException c) {
        return c;
      }
    }
    Throwable cause = e.getCause();
    return cause instanceof RuntimeException r ? r : e;
  }
}
