package org.subnetp2p.core.host;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Everything a {@link Host} is built from. Start from {@link #builder(PrivateKey)}; every limit has
 * a default suited to a subnet node.
 *
 * @param identity the host's identity key; its peer id is derived from it
 * @param listenAddresses where to listen, e.g. {@code /ip4/0.0.0.0/tcp/0}; empty for a dial-only
 *     host
 * @param gater decides which peers may connect; {@link ConnectionGater#ALLOW_ALL} by default
 * @param agentVersion announced through identify
 * @param dialTimeout limit for TCP connect plus the security and muxer handshakes
 * @param negotiationTimeout limit for agreeing on a protocol for one stream
 * @param idleTimeout a connection that carried no stream for this long is closed; one with open
 *     streams is never idle. {@link Duration#ZERO} (the default) keeps idle connections open
 * @param maxConnections inbound connections beyond this many are refused
 * @param maxInboundStreamsPerConnection inbound streams beyond this many on one connection are
 *     reset
 * @param securityProtocols the secure channels this host negotiates, most preferred first: a dialer
 *     proposes them in this order until the listener accepts one, a listener accepts any of them;
 *     {@link #DEFAULT_SECURITY_PROTOCOLS} by default
 * @param muxerProtocols the stream muxers this host negotiates, in the same way; {@link
 *     #DEFAULT_MUXER_PROTOCOLS} by default
 * @param keepAliveInterval how often a connection pings its peer to find out whether it is still
 *     there; {@link Duration#ZERO} turns keep-alive off
 * @param keepAliveTimeout a keep-alive ping unanswered for this long closes the connection: its
 *     calls in flight fail at once, and the address is marked as failing in the address book
 * @param connectionMemory the most bytes one peer can make this host hold for its connection (data
 *     received and not yet read, receive windows grown beyond 256 KiB); data beyond it resets its
 *     stream, not the connection
 * @param hostMemory the most bytes all peers together can make this host hold
 * @param meterRegistry where the host, and everything built on it (protocols, DHT, pubsub,
 *     discoveries), record their metrics ({@link Host#meterRegistry()}); by default one that
 *     records nothing ({@link Meters#noop()})
 */
public record HostConfig(
    PrivateKey identity,
    List<Multiaddr> listenAddresses,
    ConnectionGater gater,
    String agentVersion,
    Duration dialTimeout,
    Duration negotiationTimeout,
    Duration idleTimeout,
    int maxConnections,
    int maxInboundStreamsPerConnection,
    List<String> securityProtocols,
    List<String> muxerProtocols,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    long connectionMemory,
    long hostMemory,
    MeterRegistry meterRegistry) {

  /** Keep-alive pings every 30 s by default. */
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);

  /** A keep-alive ping unanswered for 10 s by default closes the connection. */
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

  /** Memory one connection may hold by default: 16 MiB. */
  public static final long DEFAULT_CONNECTION_MEMORY = 16L * 1024 * 1024;

  /** Memory all connections together may hold by default: 256 MiB. */
  public static final long DEFAULT_HOST_MEMORY = 256L * 1024 * 1024;

  /**
   * Noise under its libp2p name, then under the name Hypertensor's subnet-template negotiates (a
   * default subnet-template node offers only {@code /pos-transport/1.0.0} and {@code /secio/1.0.0};
   * js-libp2p, go and rust offer {@code /noise}).
   */
  public static final List<String> DEFAULT_SECURITY_PROTOCOLS =
      List.of("/noise", "/pos-transport/1.0.0");

  /**
   * Yamux, which every libp2p implementation offers (py-libp2p first, before {@code /mplex/6.7.0}).
   */
  public static final List<String> DEFAULT_MUXER_PROTOCOLS = List.of("/yamux/1.0.0");

  /** Validates the config. */
  public HostConfig {
    Objects.requireNonNull(identity, "identity");
    listenAddresses = List.copyOf(listenAddresses);
    Objects.requireNonNull(gater, "gater");
    Objects.requireNonNull(agentVersion, "agentVersion");
    requirePositive(dialTimeout, "dialTimeout");
    requirePositive(negotiationTimeout, "negotiationTimeout");
    if (idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must not be negative");
    }
    if (maxConnections < 1 || maxInboundStreamsPerConnection < 1) {
      throw new IllegalArgumentException("connection and stream limits must be at least 1");
    }
    if (keepAliveInterval.isNegative()) {
      throw new IllegalArgumentException("keepAliveInterval must not be negative");
    }
    requirePositive(keepAliveTimeout, "keepAliveTimeout");
    if (connectionMemory < 1 || hostMemory < connectionMemory) {
      throw new IllegalArgumentException(
          "need 0 < connectionMemory <= hostMemory, was " + connectionMemory + ", " + hostMemory);
    }
    securityProtocols = protocolList(securityProtocols, "securityProtocols");
    muxerProtocols = protocolList(muxerProtocols, "muxerProtocols");
    Objects.requireNonNull(meterRegistry, "meterRegistry");
  }

  /**
   * A copy of {@code ids}, checked as {@link #securityProtocols()} and {@link #muxerProtocols()}
   * are: a non-empty list of distinct protocol ids, each a slash and more, without whitespace.
   *
   * @param name names the list in the error
   * @throws IllegalArgumentException saying what is wrong
   */
  public static List<String> protocolList(List<String> ids, String name) {
    List<String> copy = List.copyOf(ids);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(name + " must name at least one protocol");
    }
    for (String id : copy) {
      if (!id.startsWith("/") || id.length() < 2 || id.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            name + ": \"" + id + "\" is not a protocol id (like /noise, without spaces)");
      }
    }
    if (copy.stream().distinct().count() != copy.size()) {
      throw new IllegalArgumentException(name + " names a protocol twice: " + copy);
    }
    return copy;
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** A builder with defaults, for a host with identity {@code identity}. */
  public static Builder builder(PrivateKey identity) {
    return new Builder(identity);
  }

  /** Builds a {@link HostConfig}; every setter is optional. */
  public static final class Builder {
    private final PrivateKey identity;
    private List<Multiaddr> listenAddresses = List.of();
    private ConnectionGater gater = ConnectionGater.ALLOW_ALL;
    private String agentVersion = "subnet-p2p/0.1";
    private Duration dialTimeout = Duration.ofSeconds(10);
    private Duration negotiationTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ZERO;
    private int maxConnections = 1024;
    private int maxInboundStreamsPerConnection = 512;
    private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private long connectionMemory = DEFAULT_CONNECTION_MEMORY;
    private long hostMemory = DEFAULT_HOST_MEMORY;
    private List<String> securityProtocols = DEFAULT_SECURITY_PROTOCOLS;
    private List<String> muxerProtocols = DEFAULT_MUXER_PROTOCOLS;
    private @Nullable MeterRegistry meterRegistry;

    private Builder(PrivateKey identity) {
      this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** Where to listen. */
    public Builder listen(List<Multiaddr> addresses) {
      this.listenAddresses = addresses;
      return this;
    }

    /** Where to listen. */
    public Builder listen(Multiaddr... addresses) {
      return listen(List.of(addresses));
    }

    /** Which peers may connect. */
    public Builder gater(ConnectionGater gater) {
      this.gater = gater;
      return this;
    }

    /** The agent version announced through identify. */
    public Builder agentVersion(String agentVersion) {
      this.agentVersion = agentVersion;
      return this;
    }

    /** Limit for TCP connect plus handshakes. */
    public Builder dialTimeout(Duration timeout) {
      this.dialTimeout = timeout;
      return this;
    }

    /** Limit for protocol negotiation on one stream. */
    public Builder negotiationTimeout(Duration timeout) {
      this.negotiationTimeout = timeout;
      return this;
    }

    /** Idle connections are closed after this long; zero keeps them. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** Inbound connections beyond this many are refused. */
    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    /** Inbound streams beyond this many per connection are reset. */
    public Builder maxInboundStreamsPerConnection(int max) {
      this.maxInboundStreamsPerConnection = max;
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

    /** How often to ping each peer; zero turns keep-alive off. */
    public Builder keepAliveInterval(Duration interval) {
      this.keepAliveInterval = interval;
      return this;
    }

    /** How long a keep-alive ping may go unanswered before the connection is closed. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = timeout;
      return this;
    }

    /** The most memory one peer's connection may hold. */
    public Builder connectionMemory(long bytes) {
      this.connectionMemory = bytes;
      return this;
    }

    /** The most memory all connections together may hold. */
    public Builder hostMemory(long bytes) {
      this.hostMemory = bytes;
      return this;
    }

    /**
     * Where the host and what is built on it record metrics, e.g. a {@code
     * PrometheusMeterRegistry}; by default nothing is recorded.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The config. */
    public HostConfig build() {
      return new HostConfig(
          identity,
          listenAddresses,
          gater,
          agentVersion,
          dialTimeout,
          negotiationTimeout,
          idleTimeout,
          maxConnections,
          maxInboundStreamsPerConnection,
          securityProtocols,
          muxerProtocols,
          keepAliveInterval,
          keepAliveTimeout,
          connectionMemory,
          hostMemory,
          meterRegistry != null ? meterRegistry : Meters.noop());
    }
  }
}
