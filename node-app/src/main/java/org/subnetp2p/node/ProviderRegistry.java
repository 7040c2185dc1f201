package org.subnetp2p.node;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.subnetp2p.core.admission.spi.GaterProvider;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.host.spi.HostProvider;
import org.subnetp2p.core.protocol.spi.ProtocolProvider;
import org.subnetp2p.core.pubsub.spi.PubSubProvider;
import org.subnetp2p.core.spi.NamedProvider;

/**
 * Every provider on the class or module path, by kind and name: what a config can select from.
 * Loading only instantiates the providers (cheap, no side effects); the selected ones create their
 * host, protocols, discoveries and gater when the node is assembled.
 */
public final class ProviderRegistry {
  private final SortedMap<String, HostProvider> hosts;
  private final SortedMap<String, ProtocolProvider> protocols;
  private final SortedMap<String, DiscoveryProvider> discoveries;
  private final SortedMap<String, GaterProvider> gaters;
  private final SortedMap<String, PubSubProvider> pubsubs;

  /** The pubsub provider started when a topic or a discovery needs one and none is named. */
  public static final String DEFAULT_PUBSUB = "gossipsub";

  /** A registry of the given providers, e.g. a test's, without pubsub providers. */
  public ProviderRegistry(
      Collection<HostProvider> hosts,
      Collection<ProtocolProvider> protocols,
      Collection<DiscoveryProvider> discoveries,
      Collection<GaterProvider> gaters) {
    this(hosts, protocols, discoveries, gaters, List.of());
  }

  /** A registry of the given providers, e.g. a test's. */
  public ProviderRegistry(
      Collection<HostProvider> hosts,
      Collection<ProtocolProvider> protocols,
      Collection<DiscoveryProvider> discoveries,
      Collection<GaterProvider> gaters,
      Collection<PubSubProvider> pubsubs) {
    this.hosts = byName(ProviderKind.HOST, hosts, HostProvider::name);
    this.protocols = byName(ProviderKind.PROTOCOL, protocols, NamedProvider::name);
    this.discoveries = byName(ProviderKind.DISCOVERY, discoveries, NamedProvider::name);
    this.gaters = byName(ProviderKind.GATER, gaters, NamedProvider::name);
    this.pubsubs = byName(ProviderKind.PUBSUB, pubsubs, NamedProvider::name);
  }

  /**
   * The providers {@link ServiceLoader} finds next to this module.
   *
   * @throws ConfigException if two providers of one kind share a name
   */
  public static ProviderRegistry load() {
    return new ProviderRegistry(
        Hosts.providers(),
        load(ProtocolProvider.class),
        load(DiscoveryProvider.class),
        load(GaterProvider.class),
        load(PubSubProvider.class));
  }

  private static <P> List<P> load(Class<P> service) {
    return ServiceLoader.load(service, ProviderRegistry.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  private static <P> SortedMap<String, P> byName(
      ProviderKind kind, Collection<P> providers, Function<P, String> name) {
    SortedMap<String, P> out = new TreeMap<>();
    for (P p : providers) {
      P clash = out.putIfAbsent(name.apply(p), p);
      if (clash != null) {
        throw new ConfigException(
            "two "
                + kind.label()
                + " providers are named \""
                + name.apply(p)
                + "\": "
                + clash.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Host providers by name. */
  public Map<String, HostProvider> hosts() {
    return hosts;
  }

  /** Protocol providers by name. */
  public Map<String, ProtocolProvider> protocols() {
    return protocols;
  }

  /** Discovery providers by name. */
  public Map<String, DiscoveryProvider> discoveries() {
    return discoveries;
  }

  /** Gater providers by name. */
  public Map<String, GaterProvider> gaters() {
    return gaters;
  }

  /** Pubsub providers by name. */
  public Map<String, PubSubProvider> pubsubs() {
    return pubsubs;
  }

  /**
   * The pubsub provider {@code config} starts: the one it names, else {@link #DEFAULT_PUBSUB} when
   * it subscribes to a topic or selects a discovery that runs on pubsub, else none.
   */
  public Optional<String> pubSubToStart(NodeConfig config) {
    if (!config.pubsub().isEmpty()) {
      return Optional.of(config.pubsub());
    }
    boolean needed = !config.subscribe().isEmpty();
    for (String name : config.discovery()) {
      DiscoveryProvider d = discoveries.get(name);
      needed |= d != null && d.requiresPubSub();
    }
    return needed ? Optional.of(DEFAULT_PUBSUB) : Optional.empty();
  }

  /**
   * The provider named {@code name} among {@code known}.
   *
   * @throws ConfigException naming the known ones, e.g. {@code unknown protocol "foo"; known: task}
   */
  public static <P> P select(ProviderKind kind, Map<String, P> known, String name) {
    P p = known.get(name);
    if (p == null) {
      throw new ConfigException(
          "unknown "
              + kind.label()
              + " \""
              + name
              + "\"; known: "
              + (known.isEmpty() ? "none" : String.join(", ", new TreeMap<>(known).keySet())));
    }
    return p;
  }

  /**
   * The full setting keys (e.g. {@code protocol.task.call-timeout}) that the named providers read;
   * checks every name on the way.
   *
   * @throws ConfigException for an unknown name
   */
  public Set<String> settingKeys(
      String host, List<String> protocolNames, List<String> discoveryNames, String gater) {
    return settingKeys(host, protocolNames, discoveryNames, gater, null);
  }

  /**
   * The full setting keys the named providers read, the pubsub provider {@code pubsub} ({@code
   * null} for none) included; checks every name on the way.
   *
   * @throws ConfigException for an unknown name
   */
  public Set<String> settingKeys(
      String host,
      List<String> protocolNames,
      List<String> discoveryNames,
      String gater,
      String pubsub) {
    select(ProviderKind.HOST, hosts, host);
    Set<String> keys = new LinkedHashSet<>();
    for (String key : new TreeSet<>(TransportSettings.KEYS)) {
      keys.add(ProviderKind.HOST.prefix(host) + "." + key);
    }
    for (String name : protocolNames) {
      addKeys(keys, ProviderKind.PROTOCOL, name, select(ProviderKind.PROTOCOL, protocols, name));
    }
    for (String name : discoveryNames) {
      addKeys(
          keys, ProviderKind.DISCOVERY, name, select(ProviderKind.DISCOVERY, discoveries, name));
    }
    addKeys(keys, ProviderKind.GATER, gater, select(ProviderKind.GATER, gaters, gater));
    if (pubsub != null) {
      addKeys(keys, ProviderKind.PUBSUB, pubsub, select(ProviderKind.PUBSUB, pubsubs, pubsub));
    }
    return keys;
  }

  private static void addKeys(
      Set<String> keys, ProviderKind kind, String name, NamedProvider provider) {
    for (String key : provider.settingKeys()) {
      keys.add(kind.prefix(name) + "." + key);
    }
  }
}
