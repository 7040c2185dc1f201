package org.subnetp2p.core.host;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
 * @param idleTimeout a connection without streams for this long is closed; {@link Duration#ZERO}
 *     keeps idle connections open
 * @param maxConnections inbound connections beyond this many are refused
 * @param maxInboundStreamsPerConnection inbound streams beyond this many on one connection are
 *     reset
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
    int maxInboundStreamsPerConnection) {

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
          maxInboundStreamsPerConnection);
    }
  }
}
