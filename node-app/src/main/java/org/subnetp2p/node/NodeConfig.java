package org.subnetp2p.node;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;

/**
 * What a {@link Node} is assembled from, already validated. {@link ConfigLoader} builds it from
 * flags, environment and file; code builds it with {@link #builder()}.
 *
 * @param listen where the host listens; empty for a node that only dials
 * @param bootstrap peers dialled at start, each with its {@code /p2p/} id
 * @param identity the identity key file of {@code subnet-node run}
 * @param host the name of the host provider, e.g. {@code netty}
 * @param protocols the names of the protocol providers, e.g. {@code task}
 * @param discovery the names of the discovery providers, cheapest first
 * @param discoveryInterval the heartbeat period of the gossip discovery (unless {@code
 *     discovery.gossip.interval} is set), and how often the node copies what discovery knows into
 *     its address book
 * @param gater the name of the gater provider, e.g. {@code allow-all}
 * @param logLevel {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
 * @param admin where the admin HTTP endpoint listens (a loopback address); empty when off
 * @param providerSettings provider settings by full key, e.g. {@code protocol.task.call-timeout}
 * @param securityProtocols the secure channels the host negotiates, most preferred first
 * @param muxerProtocols the stream muxers the host negotiates, most preferred first
 * @param subnetId the subnet this node belongs to
 * @param chainRpc the chain's JSON-RPC endpoint, if given
 * @param registry the {@code SubnetPeerRegistry} contract's address, if given
 * @param pubsub the pubsub provider to start in any case, e.g. {@code gossipsub}; empty to start
 *     {@code gossipsub} only when {@code subscribe} names a topic or a discovery runs on pubsub
 * @param subscribe topics {@code run} subscribes to and prints the messages of
 */
public record NodeConfig(
    List<Multiaddr> listen,
    List<Multiaddr> bootstrap,
    Path identity,
    String host,
    List<String> protocols,
    List<String> discovery,
    Duration discoveryInterval,
    String gater,
    String logLevel,
    Optional<InetSocketAddress> admin,
    Map<String, String> providerSettings,
    List<String> securityProtocols,
    List<String> muxerProtocols,
    long subnetId,
    Optional<String> chainRpc,
    Optional<String> registry,
    String pubsub,
    List<String> subscribe) {

  /** Copies the collections. */
  public NodeConfig {
    listen = List.copyOf(listen);
    bootstrap = List.copyOf(bootstrap);
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(host, "host");
    protocols = List.copyOf(protocols);
    discovery = List.copyOf(discovery);
    Objects.requireNonNull(discoveryInterval, "discoveryInterval");
    Objects.requireNonNull(gater, "gater");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(admin, "admin");
    providerSettings = Collections.unmodifiableMap(new TreeMap<>(providerSettings));
    securityProtocols = List.copyOf(securityProtocols);
    muxerProtocols = List.copyOf(muxerProtocols);
    if (subnetId < 0) {
      throw new IllegalArgumentException("subnetId must not be negative");
    }
    Objects.requireNonNull(chainRpc, "chainRpc");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(pubsub, "pubsub");
    subscribe = List.copyOf(subscribe);
  }

  /**
   * The node-wide settings every provider may read (see {@link
   * org.subnetp2p.core.spi.ProviderContext#nodeSettings()}): {@code subnet-id}, {@code
   * discovery-interval}, and {@code chain-rpc} and {@code registry} when given.
   */
  public Map<String, String> nodeSettings() {
    Map<String, String> out = new TreeMap<>();
    out.put(Setting.SUBNET_ID.key(), Long.toString(subnetId));
    out.put(Setting.DISCOVERY_INTERVAL.key(), Durations.format(discoveryInterval));
    chainRpc.ifPresent(v -> out.put(Setting.CHAIN_RPC.key(), v));
    registry.ifPresent(v -> out.put(Setting.REGISTRY.key(), v));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The settings of one provider, keyed without its prefix: {@code call-timeout} for {@code
   * protocol.task.call-timeout}.
   */
  public Map<String, String> settingsOf(ProviderKind kind, String name) {
    String prefix = kind.prefix(name) + ".";
    Map<String, String> out = new TreeMap<>();
    providerSettings.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  /** A builder starting from the defaults of {@link Setting}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link NodeConfig}; every setter is optional. */
  public static final class Builder {
    private List<Multiaddr> listen = List.of(Multiaddr.parse(Setting.LISTEN.defaultValue()));
    private List<Multiaddr> bootstrap = List.of();
    private Path identity = Path.of(Setting.IDENTITY.defaultValue());
    private String host = Setting.HOST.defaultValue();
    private List<String> protocols = List.of(Setting.PROTOCOLS.defaultValue());
    // Code-built configs start without discovery; the command line's default is Setting's.
    private List<String> discovery = List.of();
    private Duration discoveryInterval =
        ConfigLoader.parseDuration("default", Setting.DISCOVERY_INTERVAL.defaultValue());
    private String gater = Setting.GATER.defaultValue();
    private String logLevel = Setting.LOG_LEVEL.defaultValue();
    private Optional<InetSocketAddress> admin = Optional.empty();
    private Map<String, String> providerSettings = Map.of();
    private List<String> securityProtocols = HostConfig.DEFAULT_SECURITY_PROTOCOLS;
    private List<String> muxerProtocols = HostConfig.DEFAULT_MUXER_PROTOCOLS;
    private long subnetId = Long.parseLong(Setting.SUBNET_ID.defaultValue());
    private Optional<String> chainRpc = Optional.empty();
    private Optional<String> registry = Optional.empty();
    private String pubsub = Setting.PUBSUB.defaultValue();
    private List<String> subscribe = List.of();

    private Builder() {}

    private Builder(NodeConfig c) {
      listen = c.listen;
      bootstrap = c.bootstrap;
      identity = c.identity;
      host = c.host;
      protocols = c.protocols;
      discovery = c.discovery;
      discoveryInterval = c.discoveryInterval;
      gater = c.gater;
      logLevel = c.logLevel;
      admin = c.admin;
      providerSettings = c.providerSettings;
      securityProtocols = c.securityProtocols;
      muxerProtocols = c.muxerProtocols;
      subnetId = c.subnetId;
      chainRpc = c.chainRpc;
      registry = c.registry;
      pubsub = c.pubsub;
      subscribe = c.subscribe;
    }

    /** Where to listen. */
    public Builder listen(List<Multiaddr> addresses) {
      this.listen = addresses;
      return this;
    }

    /** Peers to dial at start. */
    public Builder bootstrap(List<Multiaddr> addresses) {
      this.bootstrap = addresses;
      return this;
    }

    /** The identity key file. */
    public Builder identity(Path file) {
      this.identity = file;
      return this;
    }

    /** The host provider's name. */
    public Builder host(String name) {
      this.host = name;
      return this;
    }

    /** The protocol providers' names. */
    public Builder protocols(List<String> names) {
      this.protocols = names;
      return this;
    }

    /** The discovery providers' names. */
    public Builder discovery(List<String> names) {
      this.discovery = names;
      return this;
    }

    /** How often discovery feeds the address book. */
    public Builder discoveryInterval(Duration interval) {
      this.discoveryInterval = interval;
      return this;
    }

    /** The gater provider's name. */
    public Builder gater(String name) {
      this.gater = name;
      return this;
    }

    /** The log level. */
    public Builder logLevel(String level) {
      this.logLevel = level;
      return this;
    }

    /** Where the admin endpoint listens; empty for none. */
    public Builder admin(Optional<InetSocketAddress> address) {
      this.admin = address;
      return this;
    }

    /** Provider settings by full key. */
    public Builder providerSettings(Map<String, String> settings) {
      this.providerSettings = settings;
      return this;
    }

    /** The secure channels to negotiate, most preferred first. */
    public Builder securityProtocols(List<String> protocolIds) {
      this.securityProtocols = protocolIds;
      return this;
    }

    /** The stream muxers to negotiate, most preferred first. */
    public Builder muxerProtocols(List<String> protocolIds) {
      this.muxerProtocols = protocolIds;
      return this;
    }

    /** The subnet this node belongs to. */
    public Builder subnetId(long id) {
      this.subnetId = id;
      return this;
    }

    /** The chain's JSON-RPC endpoint; empty for none. */
    public Builder chainRpc(Optional<String> url) {
      this.chainRpc = url;
      return this;
    }

    /** The registry contract's address; empty for none. */
    public Builder registry(Optional<String> address) {
      this.registry = address;
      return this;
    }

    /** The pubsub provider to start in any case; empty to start one only when needed. */
    public Builder pubsub(String name) {
      this.pubsub = name;
      return this;
    }

    /** Topics to subscribe to and print. */
    public Builder subscribe(List<String> topics) {
      this.subscribe = topics;
      return this;
    }

    /** The config. */
    public NodeConfig build() {
      return new NodeConfig(
          listen,
          bootstrap,
          identity,
          host,
          protocols,
          discovery,
          discoveryInterval,
          gater,
          logLevel,
          admin,
          providerSettings,
          securityProtocols,
          muxerProtocols,
          subnetId,
          chainRpc,
          registry,
          pubsub,
          subscribe);
    }
  }
}
