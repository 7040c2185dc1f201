package org.subnetp2p.kademlia;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a {@link KadDht}. Start from {@link #defaults()} or {@link #builder()}; the
 * defaults follow the libp2p spec and the Python subnet template.
 *
 * @param protocol the protocol id, {@code /ipfs/kad/1.0.0}
 * @param mode server, client, or chosen from the listen addresses
 * @param k bucket size and replication: peers kept per bucket, peers a lookup ends with (20)
 * @param alpha requests in flight per lookup path (3)
 * @param disjointPaths lookup paths that share no peer (S/Kademlia); 1 turns it off (the default)
 * @param requestTimeout limit of one request: dial, negotiation, request, response (10 s)
 * @param lookupTimeout limit of a whole lookup (30 s)
 * @param refreshInterval how often the routing table is refreshed by random walks (5 min)
 * @param startupRefresh whether it is also refreshed as soon as it has a first peer (true); a
 *     short-lived node that makes one lookup can do without
 * @param refreshBuckets a refresh looks up our own id, and a random key in each of the buckets of
 *     prefix length 0 up to this many (16), none deeper than one past the deepest holding a peer
 * @param bootstrapWait how long a lookup waits for an empty routing table to get its first peer
 * @param maxRequestSize largest request served, refused from its length prefix (16 KiB)
 * @param maxResponseSize largest answer read, refused from its length prefix (128 KiB)
 * @param maxCloserPeers peers read from, and written to, one answer's lists (20)
 * @param maxAddressesPerPeer addresses kept per peer from an answer, and sent per peer (10)
 * @param maxKeySize longest key served (256 bytes)
 * @param requestsPerSecondPerPeer sustained inbound requests per second one peer may make (20)
 * @param requestBurstPerPeer inbound requests one peer may make at once after a pause (40)
 * @param maxInboundStreamsPerPeer inbound kad streams one peer may hold open at once (16)
 * @param maxInboundStreams inbound kad streams open at once over all peers (512)
 * @param validators record validators by namespace; {@code pk} by default
 * @param recordTtl how long a stored record is kept (36 h)
 * @param maxRecords records stored for others (10,000)
 * @param providerTtl how long a provider record is kept (48 h)
 * @param providerRepublishInterval how often our own provider records are announced again (22 h)
 * @param maxProviderKeys keys with provider records kept for others (10,000)
 * @param maxProvidersPerKey providers kept per key (20)
 * @param peerCacheSize peers whose addresses are remembered from answers (10,000)
 */
public record KadConfig(
    String protocol,
    KadMode mode,
    int k,
    int alpha,
    int disjointPaths,
    Duration requestTimeout,
    Duration lookupTimeout,
    Duration refreshInterval,
    boolean startupRefresh,
    int refreshBuckets,
    Duration bootstrapWait,
    int maxRequestSize,
    int maxResponseSize,
    int maxCloserPeers,
    int maxAddressesPerPeer,
    int maxKeySize,
    double requestsPerSecondPerPeer,
    int requestBurstPerPeer,
    int maxInboundStreamsPerPeer,
    int maxInboundStreams,
    Map<String, RecordValidator> validators,
    Duration recordTtl,
    int maxRecords,
    Duration providerTtl,
    Duration providerRepublishInterval,
    int maxProviderKeys,
    int maxProvidersPerKey,
    int peerCacheSize) {

  /** The protocol id of the public libp2p DHT, which subnet-template nodes serve. */
  public static final String PROTOCOL_ID = "/ipfs/kad/1.0.0";

  /** Checks every setting. */
  public KadConfig {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(mode, "mode");
    positive(k, "k");
    positive(alpha, "alpha");
    positive(disjointPaths, "disjointPaths");
    positive(requestTimeout, "requestTimeout");
    positive(lookupTimeout, "lookupTimeout");
    positive(refreshInterval, "refreshInterval");
    if (refreshBuckets < 0 || refreshBuckets > 24) {
      throw new IllegalArgumentException("refreshBuckets must be within [0, 24]");
    }
    if (bootstrapWait.isNegative()) {
      throw new IllegalArgumentException("bootstrapWait must not be negative");
    }
    positive(maxRequestSize, "maxRequestSize");
    positive(maxResponseSize, "maxResponseSize");
    positive(maxCloserPeers, "maxCloserPeers");
    positive(maxAddressesPerPeer, "maxAddressesPerPeer");
    positive(maxKeySize, "maxKeySize");
    if (!(requestsPerSecondPerPeer > 0)) {
      throw new IllegalArgumentException("requestsPerSecondPerPeer must be positive");
    }
    positive(requestBurstPerPeer, "requestBurstPerPeer");
    positive(maxInboundStreamsPerPeer, "maxInboundStreamsPerPeer");
    positive(maxInboundStreams, "maxInboundStreams");
    validators = Map.copyOf(validators);
    positive(recordTtl, "recordTtl");
    positive(maxRecords, "maxRecords");
    positive(providerTtl, "providerTtl");
    positive(providerRepublishInterval, "providerRepublishInterval");
    positive(maxProviderKeys, "maxProviderKeys");
    positive(maxProvidersPerKey, "maxProvidersPerKey");
    positive(peerCacheSize, "peerCacheSize");
  }

  private static void positive(int n, String name) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be positive, was " + n);
    }
  }

  private static void positive(Duration d, String name) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** The defaults. */
  public static KadConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link KadConfig}; every setter is optional. */
  public static final class Builder {
    private String protocol = PROTOCOL_ID;
    private KadMode mode = KadMode.AUTO;
    private int k = 20;
    private int alpha = 3;
    private int disjointPaths = 1;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration lookupTimeout = Duration.ofSeconds(30);
    private Duration refreshInterval = Duration.ofMinutes(5);
    private boolean startupRefresh = true;
    private int refreshBuckets = 16;
    private Duration bootstrapWait = Duration.ofSeconds(10);
    private int maxRequestSize = 16 * 1024;
    private int maxResponseSize = 128 * 1024;
    private int maxCloserPeers = 20;
    private int maxAddressesPerPeer = 10;
    private int maxKeySize = 256;
    private double requestsPerSecondPerPeer = 20;
    private int requestBurstPerPeer = 40;
    private int maxInboundStreamsPerPeer = 16;
    private int maxInboundStreams = 512;
    private Map<String, RecordValidator> validators =
        Map.of(PublicKeyValidator.NAMESPACE, new PublicKeyValidator());
    private Duration recordTtl = Duration.ofHours(36);
    private int maxRecords = 10_000;
    private Duration providerTtl = Duration.ofHours(48);
    private Duration providerRepublishInterval = Duration.ofHours(22);
    private int maxProviderKeys = 10_000;
    private int maxProvidersPerKey = 20;
    private int peerCacheSize = 10_000;

    private Builder() {}

    private Builder(KadConfig c) {
      protocol = c.protocol;
      mode = c.mode;
      k = c.k;
      alpha = c.alpha;
      disjointPaths = c.disjointPaths;
      requestTimeout = c.requestTimeout;
      lookupTimeout = c.lookupTimeout;
      refreshInterval = c.refreshInterval;
      startupRefresh = c.startupRefresh;
      refreshBuckets = c.refreshBuckets;
      bootstrapWait = c.bootstrapWait;
      maxRequestSize = c.maxRequestSize;
      maxResponseSize = c.maxResponseSize;
      maxCloserPeers = c.maxCloserPeers;
      maxAddressesPerPeer = c.maxAddressesPerPeer;
      maxKeySize = c.maxKeySize;
      requestsPerSecondPerPeer = c.requestsPerSecondPerPeer;
      requestBurstPerPeer = c.requestBurstPerPeer;
      maxInboundStreamsPerPeer = c.maxInboundStreamsPerPeer;
      maxInboundStreams = c.maxInboundStreams;
      validators = c.validators;
      recordTtl = c.recordTtl;
      maxRecords = c.maxRecords;
      providerTtl = c.providerTtl;
      providerRepublishInterval = c.providerRepublishInterval;
      maxProviderKeys = c.maxProviderKeys;
      maxProvidersPerKey = c.maxProvidersPerKey;
      peerCacheSize = c.peerCacheSize;
    }

    /** The protocol id. */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /** Server, client or automatic. */
    public Builder mode(KadMode mode) {
      this.mode = mode;
      return this;
    }

    /** Bucket size and replication. */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /** Requests in flight per lookup path. */
    public Builder alpha(int alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Disjoint lookup paths; 1 is off. */
    public Builder disjointPaths(int paths) {
      this.disjointPaths = paths;
      return this;
    }

    /** Limit of one request. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** Limit of a whole lookup. */
    public Builder lookupTimeout(Duration timeout) {
      this.lookupTimeout = timeout;
      return this;
    }

    /** Period of the random-walk refresh. */
    public Builder refreshInterval(Duration interval) {
      this.refreshInterval = interval;
      return this;
    }

    /** Whether the table is refreshed as soon as it has a first peer. */
    public Builder startupRefresh(boolean refresh) {
      this.startupRefresh = refresh;
      return this;
    }

    /** Buckets refreshed by a random lookup each. */
    public Builder refreshBuckets(int buckets) {
      this.refreshBuckets = buckets;
      return this;
    }

    /** How long a lookup waits for an empty table's first peer. */
    public Builder bootstrapWait(Duration wait) {
      this.bootstrapWait = wait;
      return this;
    }

    /** Largest request served. */
    public Builder maxRequestSize(int bytes) {
      this.maxRequestSize = bytes;
      return this;
    }

    /** Largest answer read. */
    public Builder maxResponseSize(int bytes) {
      this.maxResponseSize = bytes;
      return this;
    }

    /** Peers per answer list. */
    public Builder maxCloserPeers(int peers) {
      this.maxCloserPeers = peers;
      return this;
    }

    /** Addresses kept and sent per peer. */
    public Builder maxAddressesPerPeer(int addresses) {
      this.maxAddressesPerPeer = addresses;
      return this;
    }

    /** Longest key served. */
    public Builder maxKeySize(int bytes) {
      this.maxKeySize = bytes;
      return this;
    }

    /** Inbound request rate per peer: sustained per second, and the burst after a pause. */
    public Builder requestRatePerPeer(double perSecond, int burst) {
      this.requestsPerSecondPerPeer = perSecond;
      this.requestBurstPerPeer = burst;
      return this;
    }

    /** Inbound streams open at once: per peer, and over all peers. */
    public Builder maxInboundStreams(int perPeer, int total) {
      this.maxInboundStreamsPerPeer = perPeer;
      this.maxInboundStreams = total;
      return this;
    }

    /** The record validators by namespace, replacing the defaults. */
    public Builder validators(Map<String, RecordValidator> validators) {
      this.validators = validators;
      return this;
    }

    /** How long stored records are kept, and how many. */
    public Builder records(Duration ttl, int max) {
      this.recordTtl = ttl;
      this.maxRecords = max;
      return this;
    }

    /** How long provider records are kept, and how often ours are announced again. */
    public Builder providerTimes(Duration ttl, Duration republishInterval) {
      this.providerTtl = ttl;
      this.providerRepublishInterval = republishInterval;
      return this;
    }

    /** Provider keys kept for others, and providers per key. */
    public Builder providerLimits(int maxKeys, int perKey) {
      this.maxProviderKeys = maxKeys;
      this.maxProvidersPerKey = perKey;
      return this;
    }

    /** Peers whose addresses are remembered from answers. */
    public Builder peerCacheSize(int peers) {
      this.peerCacheSize = peers;
      return this;
    }

    /** The config. */
    public KadConfig build() {
      return new KadConfig(
          protocol,
          mode,
          k,
          alpha,
          disjointPaths,
          requestTimeout,
          lookupTimeout,
          refreshInterval,
          startupRefresh,
          refreshBuckets,
          bootstrapWait,
          maxRequestSize,
          maxResponseSize,
          maxCloserPeers,
          maxAddressesPerPeer,
          maxKeySize,
          requestsPerSecondPerPeer,
          requestBurstPerPeer,
          maxInboundStreamsPerPeer,
          maxInboundStreams,
          validators,
          recordTtl,
          maxRecords,
          providerTtl,
          providerRepublishInterval,
          maxProviderKeys,
          maxProvidersPerKey,
          peerCacheSize);
    }
  }
}
