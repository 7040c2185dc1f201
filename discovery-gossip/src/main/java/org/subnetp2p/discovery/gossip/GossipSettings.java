package org.subnetp2p.discovery.gossip;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;

/**
 * The heartbeat discovery's settings, the config keys {@code discovery.gossip.<key>}.
 *
 * @param interval {@code interval}: how often this node publishes its record (default 20 s, as
 *     subnet-template)
 * @param expiryPeriods {@code expiry-periods}: a peer is forgotten this many intervals after its
 *     latest record (default 3); a live record older than that is refused as expired
 * @param subnetId {@code subnet-id}: the subnet this node belongs to and announces; records of
 *     other subnets are refused (default 1)
 * @param subnetNodeId {@code subnet-node-id}: this node's id in the subnet, as registered on chain
 *     (default 1)
 * @param maxPeers {@code max-peers}: the most peers cached (default 10,000); past it the peer
 *     refreshed longest ago goes
 * @param dagMaxNodes {@code dag-max-nodes}: the most DAG nodes held for the sync protocol (default
 *     20,000); past it, or past {@code dagMaxBytes}, the oldest go
 * @param dagMaxBytes {@code dag-max-bytes}: the memory budget of the DAG store (default 32 MiB)
 * @param maxMessageBytes {@code max-message-bytes}: the largest topic message parsed (default 512
 *     KiB); larger ones are refused as oversized
 * @param syncTimeout {@code sync-timeout}: the deadline of one sync exchange, and of each read and
 *     write when serving one (default 10 s)
 * @param announce {@code announce}: the multiaddress this node announces, without {@code /p2p/}; by
 *     default its first listen address, an unspecified IP ({@code 0.0.0.0}) replaced by one of the
 *     machine's addresses
 */
public record GossipSettings(
    Duration interval,
    int expiryPeriods,
    long subnetId,
    long subnetNodeId,
    int maxPeers,
    int dagMaxNodes,
    long dagMaxBytes,
    int maxMessageBytes,
    Duration syncTimeout,
    Optional<Multiaddr> announce) {

  /** The defaults. */
  public static final GossipSettings DEFAULTS =
      new GossipSettings(
          Duration.ofSeconds(20),
          3,
          1,
          1,
          10_000,
          20_000,
          32L << 20,
          512 << 10,
          Duration.ofSeconds(10),
          Optional.empty());

  /** The setting keys, without their {@code discovery.gossip.} prefix. */
  public static final Set<String> KEYS =
      Set.of(
          "interval",
          "expiry-periods",
          "subnet-id",
          "subnet-node-id",
          "max-peers",
          "dag-max-nodes",
          "dag-max-bytes",
          "max-message-bytes",
          "sync-timeout",
          "announce");

  /** Checks the values. */
  public GossipSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    Objects.requireNonNull(announce, "announce");
    if (interval.isNegative()
        || interval.isZero()
        || syncTimeout.isNegative()
        || syncTimeout.isZero()) {
      throw new IllegalArgumentException("interval and sync timeout must be positive");
    }
    if (expiryPeriods <= 0
        || subnetId <= 0
        || subnetNodeId <= 0
        || maxPeers <= 0
        || dagMaxNodes <= 0
        || dagMaxBytes <= 0
        || maxMessageBytes <= 0) {
      throw new IllegalArgumentException("counts, ids and sizes must be above 0");
    }
  }

  /**
   * The settings in {@code context}, defaults for those not set.
   *
   * @throws IllegalArgumentException naming the full key of a bad value
   */
  public static GossipSettings from(ProviderContext context) {
    Optional<Multiaddr> announce =
        context
            .setting("announce")
            .map(
                v -> {
                  try {
                    return Multiaddr.parse(v.trim()).withoutPeerId();
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                        "invalid value for "
                            + context.configPrefix()
                            + ".announce: "
                            + e.getMessage(),
                        e);
                  }
                });
    return new GossipSettings(
        context.duration("interval", DEFAULTS.interval),
        context.positiveInt("expiry-periods", DEFAULTS.expiryPeriods),
        context.positiveInt("subnet-id", (int) DEFAULTS.subnetId),
        context.positiveInt("subnet-node-id", (int) DEFAULTS.subnetNodeId),
        context.positiveInt("max-peers", DEFAULTS.maxPeers),
        context.positiveInt("dag-max-nodes", DEFAULTS.dagMaxNodes),
        context.positiveInt("dag-max-bytes", (int) DEFAULTS.dagMaxBytes),
        context.positiveInt("max-message-bytes", DEFAULTS.maxMessageBytes),
        context.duration("sync-timeout", DEFAULTS.syncTimeout),
        announce);
  }

  /** How long a record keeps its peer known: {@code expiryPeriods} intervals. */
  public Duration window() {
    return interval.multipliedBy(expiryPeriods);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** Builds settings; each setter names the field of the same name. */
  public static final class Builder {
    private Duration interval;
    private int expiryPeriods;
    private long subnetId;
    private long subnetNodeId;
    private int maxPeers;
    private int dagMaxNodes;
    private long dagMaxBytes;
    private int maxMessageBytes;
    private Duration syncTimeout;
    private Optional<Multiaddr> announce;

    private Builder(GossipSettings from) {
      interval = from.interval;
      expiryPeriods = from.expiryPeriods;
      subnetId = from.subnetId;
      subnetNodeId = from.subnetNodeId;
      maxPeers = from.maxPeers;
      dagMaxNodes = from.dagMaxNodes;
      dagMaxBytes = from.dagMaxBytes;
      maxMessageBytes = from.maxMessageBytes;
      syncTimeout = from.syncTimeout;
      announce = from.announce;
    }

    /** See {@link GossipSettings#interval()}. */
    public Builder interval(Duration value) {
      interval = value;
      return this;
    }

    /** See {@link GossipSettings#expiryPeriods()}. */
    public Builder expiryPeriods(int value) {
      expiryPeriods = value;
      return this;
    }

    /** See {@link GossipSettings#subnetId()}. */
    public Builder subnetId(long value) {
      subnetId = value;
      return this;
    }

    /** See {@link GossipSettings#subnetNodeId()}. */
    public Builder subnetNodeId(long value) {
      subnetNodeId = value;
      return this;
    }

    /** See {@link GossipSettings#maxPeers()}. */
    public Builder maxPeers(int value) {
      maxPeers = value;
      return this;
    }

    /** See {@link GossipSettings#dagMaxNodes()}. */
    public Builder dagMaxNodes(int value) {
      dagMaxNodes = value;
      return this;
    }

    /** See {@link GossipSettings#dagMaxBytes()}. */
    public Builder dagMaxBytes(long value) {
      dagMaxBytes = value;
      return this;
    }

    /** See {@link GossipSettings#maxMessageBytes()}. */
    public Builder maxMessageBytes(int value) {
      maxMessageBytes = value;
      return this;
    }

    /** See {@link GossipSettings#syncTimeout()}. */
    public Builder syncTimeout(Duration value) {
      syncTimeout = value;
      return this;
    }

    /** See {@link GossipSettings#announce()}; a {@code /p2p/} suffix is dropped. */
    public Builder announce(Multiaddr value) {
      announce = Optional.of(value.withoutPeerId());
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public GossipSettings build() {
      return new GossipSettings(
          interval,
          expiryPeriods,
          subnetId,
          subnetNodeId,
          maxPeers,
          dagMaxNodes,
          dagMaxBytes,
          maxMessageBytes,
          syncTimeout,
          announce);
    }
  }
}
