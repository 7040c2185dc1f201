package org.subnetp2p.gossipsub;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * GossipSub's settings. {@link #defaults()} follows subnet-template's GossipSub construction where
 * it sets a value (D 7, D_low 5, D_high 10, heartbeat 2 s after 0.5 s, gossip window 2 of 5 history
 * windows, fanout TTL 60 s, prune backoff 60 s, no peer exchange, seen TTL 120 s) and the GossipSub
 * v1.1/v1.2 specs and go-libp2p otherwise. Build variants with {@link #builder()} or {@link
 * #toBuilder()}; every value is checked when built.
 */
public final class GossipSubConfig {
  /** py-libp2p's protocol id for its GossipSub 1.2 wire format, hex message ids in gossip. */
  public static final String MESHSUB_V20 = "/meshsub/2.0.0";

  /** GossipSub v1.2 (IDONTWANT). */
  public static final String MESHSUB_V12 = "/meshsub/1.2.0";

  /** GossipSub v1.1. */
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";

  /** FloodSub, the fallback. */
  public static final String FLOODSUB = "/floodsub/1.0.0";

  /** Every protocol this router speaks, newest first: the order it proposes them in. */
  public static final List<String> ALL_PROTOCOLS =
      List.of(MESHSUB_V20, MESHSUB_V12, MESHSUB_V11, FLOODSUB);

  private final List<String> protocols;
  private final int d;
  private final int dLow;
  private final int dHigh;
  private final int dLazy;
  private final int dOut;
  private final int dScore;
  private final double gossipFactor;
  private final Duration heartbeatInterval;
  private final Duration heartbeatInitialDelay;
  private final Duration fanoutTtl;
  private final int mcacheLength;
  private final int mcacheGossip;
  private final Duration seenTtl;
  private final Duration pruneBackoff;
  private final Duration unsubscribeBackoff;
  private final Duration graftFloodThreshold;
  private final boolean floodPublish;
  private final boolean doPx;
  private final int pxPeers;
  private final int opportunisticGraftTicks;
  private final int opportunisticGraftPeers;
  private final int maxIHaveLength;
  private final int maxIHaveMessages;
  private final Duration iwantFollowupTime;
  private final int gossipRetransmission;
  private final int maxIDontWantMessages;
  private final int idontwantThreshold;
  private final int maxRpcSize;
  private final int maxMessageSize;
  private final int maxSubscriptionsPerRpc;
  private final int maxTopicsPerPeer;
  private final int maxTopicLength;
  private final int outboundQueueFrames;
  private final int outboundQueueBytes;
  private final int maxInflightRpcsPerPeer;
  private final int validationConcurrency;
  private final Duration validationTimeout;
  private final int subscriptionQueueSize;
  private final boolean deliverOwnMessages;
  private final SignaturePolicy signaturePolicy;
  private final MessageIdFunction messageIdFunction;
  private final ScoreParams score;

  private GossipSubConfig(Builder b) {
    protocols = List.copyOf(b.protocols);
    d = b.d;
    dLow = b.dLow;
    dHigh = b.dHigh;
    dLazy = b.dLazy;
    dOut = b.dOut;
    dScore = b.dScore;
    gossipFactor = b.gossipFactor;
    heartbeatInterval = Objects.requireNonNull(b.heartbeatInterval, "heartbeatInterval");
    heartbeatInitialDelay =
        Objects.requireNonNull(b.heartbeatInitialDelay, "heartbeatInitialDelay");
    fanoutTtl = Objects.requireNonNull(b.fanoutTtl, "fanoutTtl");
    mcacheLength = b.mcacheLength;
    mcacheGossip = b.mcacheGossip;
    seenTtl = Objects.requireNonNull(b.seenTtl, "seenTtl");
    pruneBackoff = Objects.requireNonNull(b.pruneBackoff, "pruneBackoff");
    unsubscribeBackoff = Objects.requireNonNull(b.unsubscribeBackoff, "unsubscribeBackoff");
    graftFloodThreshold = Objects.requireNonNull(b.graftFloodThreshold, "graftFloodThreshold");
    floodPublish = b.floodPublish;
    doPx = b.doPx;
    pxPeers = b.pxPeers;
    opportunisticGraftTicks = b.opportunisticGraftTicks;
    opportunisticGraftPeers = b.opportunisticGraftPeers;
    maxIHaveLength = b.maxIHaveLength;
    maxIHaveMessages = b.maxIHaveMessages;
    iwantFollowupTime = Objects.requireNonNull(b.iwantFollowupTime, "iwantFollowupTime");
    gossipRetransmission = b.gossipRetransmission;
    maxIDontWantMessages = b.maxIDontWantMessages;
    idontwantThreshold = b.idontwantThreshold;
    maxRpcSize = b.maxRpcSize;
    maxMessageSize = b.maxMessageSize;
    maxSubscriptionsPerRpc = b.maxSubscriptionsPerRpc;
    maxTopicsPerPeer = b.maxTopicsPerPeer;
    maxTopicLength = b.maxTopicLength;
    outboundQueueFrames = b.outboundQueueFrames;
    outboundQueueBytes = b.outboundQueueBytes;
    maxInflightRpcsPerPeer = b.maxInflightRpcsPerPeer;
    validationConcurrency = b.validationConcurrency;
    validationTimeout = Objects.requireNonNull(b.validationTimeout, "validationTimeout");
    subscriptionQueueSize = b.subscriptionQueueSize;
    deliverOwnMessages = b.deliverOwnMessages;
    signaturePolicy = Objects.requireNonNull(b.signaturePolicy, "signaturePolicy");
    messageIdFunction = Objects.requireNonNull(b.messageIdFunction, "messageIdFunction");
    score = Objects.requireNonNull(b.score, "score");
    check();
  }

  private void check() {
    require(!protocols.isEmpty(), "protocols must not be empty");
    for (String p : protocols) {
      require(ALL_PROTOCOLS.contains(p), "unknown protocol " + p + "; known: " + ALL_PROTOCOLS);
    }
    require(dLow >= 0 && dLow <= d && d <= dHigh, "D_low <= D <= D_high must hold");
    require(
        dLazy >= 0 && dScore >= 0 && dScore <= d, "D_lazy >= 0 and 0 <= D_score <= D must hold");
    require(
        dOut >= 0 && (dOut == 0 || dOut < dLow) && dOut <= d / 2,
        "D_out must be below D_low and at most D/2");
    require(gossipFactor >= 0 && gossipFactor <= 1, "gossipFactor must lie in [0, 1]");
    positive(heartbeatInterval, "heartbeatInterval");
    require(!heartbeatInitialDelay.isNegative(), "heartbeatInitialDelay must not be negative");
    positive(fanoutTtl, "fanoutTtl");
    positive(seenTtl, "seenTtl");
    require(
        mcacheGossip >= 1 && mcacheGossip <= mcacheLength,
        "1 <= mcacheGossip <= mcacheLength must hold");
    require(
        !pruneBackoff.isNegative() && !unsubscribeBackoff.isNegative(),
        "backoffs must not be negative");
    require(
        pxPeers >= 0 && opportunisticGraftTicks >= 1 && opportunisticGraftPeers >= 0,
        "PX and opportunistic grafting counts must not be negative");
    require(
        maxIHaveLength >= 1 && maxIHaveMessages >= 1 && gossipRetransmission >= 1,
        "gossip caps must be positive");
    positive(iwantFollowupTime, "iwantFollowupTime");
    require(
        maxIDontWantMessages >= 0 && idontwantThreshold >= 0,
        "IDONTWANT limits must not be negative");
    require(maxRpcSize >= 16 * 1024, "maxRpcSize must be at least 16 KiB");
    require(
        maxMessageSize >= 1 && maxMessageSize <= maxRpcSize - 8 * 1024,
        "maxMessageSize must leave 8 KiB of maxRpcSize for the rest of the RPC");
    require(
        maxSubscriptionsPerRpc >= 1 && maxTopicsPerPeer >= 1 && maxTopicLength >= 1,
        "subscription limits must be positive");
    require(
        outboundQueueFrames >= 16 && outboundQueueBytes >= maxRpcSize,
        "the outbound queue must hold at least 16 frames and one full RPC");
    require(
        maxInflightRpcsPerPeer >= 1 && validationConcurrency >= 1 && subscriptionQueueSize >= 1,
        "queue limits must be positive");
    positive(validationTimeout, "validationTimeout");
  }

  private static void positive(Duration d, String name) {
    require(!d.isZero() && !d.isNegative(), name + " must be positive");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The defaults (see the class comment and each getter). */
  public static GossipSubConfig defaults() {
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

  /** Protocols served and proposed, newest first; default {@link #ALL_PROTOCOLS}. */
  public List<String> protocols() {
    return protocols;
  }

  /** D, the mesh degree aimed at; default 7 (subnet-template). */
  public int d() {
    return d;
  }

  /** D_low: below it the heartbeat grafts; default 5 (subnet-template). */
  public int dLow() {
    return dLow;
  }

  /** D_high: above it the heartbeat prunes; default 10 (subnet-template). */
  public int dHigh() {
    return dHigh;
  }

  /** D_lazy: the minimum number of peers gossiped to per topic; default 7 (= D). */
  public int dLazy() {
    return dLazy;
  }

  /** D_out: outbound connections kept in a mesh; default 2. */
  public int dOut() {
    return dOut;
  }

  /** D_score: peers kept by score when pruning an oversubscribed mesh; default 4. */
  public int dScore() {
    return dScore;
  }

  /** The share of eligible peers gossiped to, at least {@link #dLazy()}; default 0.25. */
  public double gossipFactor() {
    return gossipFactor;
  }

  /** Time between heartbeats; default 2 s (subnet-template). */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** Time before the first heartbeat; default 0.5 s (subnet-template). */
  public Duration heartbeatInitialDelay() {
    return heartbeatInitialDelay;
  }

  /** How long a topic's fanout outlives the last publish to it; default 60 s. */
  public Duration fanoutTtl() {
    return fanoutTtl;
  }

  /** Heartbeats a message stays in the message cache (answers IWANT); default 5. */
  public int mcacheLength() {
    return mcacheLength;
  }

  /** Heartbeats a message is gossiped (IHAVE) for; default 2 (subnet-template). */
  public int mcacheGossip() {
    return mcacheGossip;
  }

  /** How long a message id is remembered as seen; default 120 s. */
  public Duration seenTtl() {
    return seenTtl;
  }

  /** Backoff set on a pruned peer (and sent in PRUNE); default 60 s. */
  public Duration pruneBackoff() {
    return pruneBackoff;
  }

  /** Backoff set when leaving a topic; default 10 s. */
  public Duration unsubscribeBackoff() {
    return unsubscribeBackoff;
  }

  /** A GRAFT this soon after our PRUNE is penalised twice; default 10 s (py-libp2p's). */
  public Duration graftFloodThreshold() {
    return graftFloodThreshold;
  }

  /** Whether own messages go to every topic peer above the publish threshold; default true. */
  public boolean floodPublish() {
    return floodPublish;
  }

  /** Whether PRUNEs carry peer exchange; default false (subnet-template has none). */
  public boolean doPx() {
    return doPx;
  }

  /** Peers offered in, and accepted from, one peer exchange; default 16. */
  public int pxPeers() {
    return pxPeers;
  }

  /** Heartbeats between opportunistic grafting rounds; default 60. */
  public int opportunisticGraftTicks() {
    return opportunisticGraftTicks;
  }

  /** Peers grafted per opportunistic round; default 2. */
  public int opportunisticGraftPeers() {
    return opportunisticGraftPeers;
  }

  /** Message ids asked for (IWANT) per peer per heartbeat, and per IHAVE; default 5000. */
  public int maxIHaveLength() {
    return maxIHaveLength;
  }

  /** IHAVE messages handled per peer per heartbeat; default 10. */
  public int maxIHaveMessages() {
    return maxIHaveMessages;
  }

  /** How long a peer has to deliver a message it offered and we asked for; default 3 s. */
  public Duration iwantFollowupTime() {
    return iwantFollowupTime;
  }

  /** Times one message is sent to one peer in answer to IWANT; default 3. */
  public int gossipRetransmission() {
    return gossipRetransmission;
  }

  /** IDONTWANT messages handled per peer per heartbeat; default 1000. */
  public int maxIDontWantMessages() {
    return maxIDontWantMessages;
  }

  /**
   * Messages at least this large (encoded) make this router send IDONTWANT to its mesh; default
   * 1024 bytes (go-libp2p's). py-libp2p sends it for every message; 0 does the same.
   */
  public int idontwantThreshold() {
    return idontwantThreshold;
  }

  /**
   * The largest RPC frame read or written; default 1 MiB (go-libp2p's limit). Larger inbound frames
   * reset the stream; outbound RPCs are split to fit.
   */
  public int maxRpcSize() {
    return maxRpcSize;
  }

  /**
   * The largest message payload accepted for publishing or from the network; default 1,000,000
   * bytes, so that a message with its signature fits one RPC frame.
   */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Subscriptions read from one RPC; an RPC with more is dropped; default 5000 (js-libp2p's). */
  public int maxSubscriptionsPerRpc() {
    return maxSubscriptionsPerRpc;
  }

  /** Topics remembered per peer; default 1000. */
  public int maxTopicsPerPeer() {
    return maxTopicsPerPeer;
  }

  /** The longest topic name accepted, in characters; default 512. */
  public int maxTopicLength() {
    return maxTopicLength;
  }

  /** Frames queued per peer before new ones are dropped; default 2048. */
  public int outboundQueueFrames() {
    return outboundQueueFrames;
  }

  /** Bytes queued per peer before new frames are dropped; default 8 MiB. */
  public int outboundQueueBytes() {
    return outboundQueueBytes;
  }

  /** RPCs of one peer being processed at once; its stream is not read beyond; default 32. */
  public int maxInflightRpcsPerPeer() {
    return maxInflightRpcsPerPeer;
  }

  /** Messages validated at once; more are dropped unvalidated (not penalised); default 1024. */
  public int validationConcurrency() {
    return validationConcurrency;
  }

  /** A validator taking longer is cancelled and its message ignored; default 10 s. */
  public Duration validationTimeout() {
    return validationTimeout;
  }

  /** Messages queued per subscription for a slow handler before dropping; default 1024. */
  public int subscriptionQueueSize() {
    return subscriptionQueueSize;
  }

  /** Whether this node's own messages reach its own subscriptions; default false (as js). */
  public boolean deliverOwnMessages() {
    return deliverOwnMessages;
  }

  /** The signature policy; default {@link SignaturePolicy#STRICT_SIGN}. */
  public SignaturePolicy signaturePolicy() {
    return signaturePolicy;
  }

  /** The message id function; default {@link MessageIdFunction#standard()}. */
  public MessageIdFunction messageIdFunction() {
    return messageIdFunction;
  }

  /** Peer scoring; default {@link ScoreParams#defaults()}. */
  public ScoreParams score() {
    return score;
  }

  /** Builds a {@link GossipSubConfig}; starts from the defaults. */
  public static final class Builder {
    private List<String> protocols = ALL_PROTOCOLS;
    private int d = 7;
    private int dLow = 5;
    private int dHigh = 10;
    private int dLazy = 7;
    private int dOut = 2;
    private int dScore = 4;
    private double gossipFactor = 0.25;
    private Duration heartbeatInterval = Duration.ofSeconds(2);
    private Duration heartbeatInitialDelay = Duration.ofMillis(500);
    private Duration fanoutTtl = Duration.ofSeconds(60);
    private int mcacheLength = 5;
    private int mcacheGossip = 2;
    private Duration seenTtl = Duration.ofSeconds(120);
    private Duration pruneBackoff = Duration.ofSeconds(60);
    private Duration unsubscribeBackoff = Duration.ofSeconds(10);
    private Duration graftFloodThreshold = Duration.ofSeconds(10);
    private boolean floodPublish = true;
    private boolean doPx = false;
    private int pxPeers = 16;
    private int opportunisticGraftTicks = 60;
    private int opportunisticGraftPeers = 2;
    private int maxIHaveLength = 5000;
    private int maxIHaveMessages = 10;
    private Duration iwantFollowupTime = Duration.ofSeconds(3);
    private int gossipRetransmission = 3;
    private int maxIDontWantMessages = 1000;
    private int idontwantThreshold = 1024;
    private int maxRpcSize = 1024 * 1024;
    private int maxMessageSize = 1_000_000;
    private int maxSubscriptionsPerRpc = 5000;
    private int maxTopicsPerPeer = 1000;
    private int maxTopicLength = 512;
    private int outboundQueueFrames = 2048;
    private int outboundQueueBytes = 8 * 1024 * 1024;
    private int maxInflightRpcsPerPeer = 32;
    private int validationConcurrency = 1024;
    private Duration validationTimeout = Duration.ofSeconds(10);
    private int subscriptionQueueSize = 1024;
    private boolean deliverOwnMessages = false;
    private SignaturePolicy signaturePolicy = SignaturePolicy.STRICT_SIGN;
    private MessageIdFunction messageIdFunction = MessageIdFunction.standard();
    private ScoreParams score = ScoreParams.defaults();

    private Builder() {}

    private Builder(GossipSubConfig c) {
      protocols = c.protocols;
      d = c.d;
      dLow = c.dLow;
      dHigh = c.dHigh;
      dLazy = c.dLazy;
      dOut = c.dOut;
      dScore = c.dScore;
      gossipFactor = c.gossipFactor;
      heartbeatInterval = c.heartbeatInterval;
      heartbeatInitialDelay = c.heartbeatInitialDelay;
      fanoutTtl = c.fanoutTtl;
      mcacheLength = c.mcacheLength;
      mcacheGossip = c.mcacheGossip;
      seenTtl = c.seenTtl;
      pruneBackoff = c.pruneBackoff;
      unsubscribeBackoff = c.unsubscribeBackoff;
      graftFloodThreshold = c.graftFloodThreshold;
      floodPublish = c.floodPublish;
      doPx = c.doPx;
      pxPeers = c.pxPeers;
      opportunisticGraftTicks = c.opportunisticGraftTicks;
      opportunisticGraftPeers = c.opportunisticGraftPeers;
      maxIHaveLength = c.maxIHaveLength;
      maxIHaveMessages = c.maxIHaveMessages;
      iwantFollowupTime = c.iwantFollowupTime;
      gossipRetransmission = c.gossipRetransmission;
      maxIDontWantMessages = c.maxIDontWantMessages;
      idontwantThreshold = c.idontwantThreshold;
      maxRpcSize = c.maxRpcSize;
      maxMessageSize = c.maxMessageSize;
      maxSubscriptionsPerRpc = c.maxSubscriptionsPerRpc;
      maxTopicsPerPeer = c.maxTopicsPerPeer;
      maxTopicLength = c.maxTopicLength;
      outboundQueueFrames = c.outboundQueueFrames;
      outboundQueueBytes = c.outboundQueueBytes;
      maxInflightRpcsPerPeer = c.maxInflightRpcsPerPeer;
      validationConcurrency = c.validationConcurrency;
      validationTimeout = c.validationTimeout;
      subscriptionQueueSize = c.subscriptionQueueSize;
      deliverOwnMessages = c.deliverOwnMessages;
      signaturePolicy = c.signaturePolicy;
      messageIdFunction = c.messageIdFunction;
      score = c.score;
    }

    /** Protocols served and proposed, newest first. */
    public Builder protocols(List<String> v) {
      protocols = v;
      return this;
    }

    /** D, D_low and D_high at once. */
    public Builder degree(int dValue, int dLowValue, int dHighValue) {
      d = dValue;
      dLow = dLowValue;
      dHigh = dHighValue;
      return this;
    }

    /** D_lazy. */
    public Builder dLazy(int v) {
      dLazy = v;
      return this;
    }

    /** D_out. */
    public Builder dOut(int v) {
      dOut = v;
      return this;
    }

    /** D_score. */
    public Builder dScore(int v) {
      dScore = v;
      return this;
    }

    /** The gossip factor. */
    public Builder gossipFactor(double v) {
      gossipFactor = v;
      return this;
    }

    /** Heartbeat interval. */
    public Builder heartbeatInterval(Duration v) {
      heartbeatInterval = v;
      return this;
    }

    /** Delay of the first heartbeat. */
    public Builder heartbeatInitialDelay(Duration v) {
      heartbeatInitialDelay = v;
      return this;
    }

    /** Fanout TTL. */
    public Builder fanoutTtl(Duration v) {
      fanoutTtl = v;
      return this;
    }

    /** Message cache history and gossip windows, in heartbeats. */
    public Builder mcache(int length, int gossip) {
      mcacheLength = length;
      mcacheGossip = gossip;
      return this;
    }

    /** Seen cache TTL. */
    public Builder seenTtl(Duration v) {
      seenTtl = v;
      return this;
    }

    /** Prune backoff. */
    public Builder pruneBackoff(Duration v) {
      pruneBackoff = v;
      return this;
    }

    /** Unsubscribe backoff. */
    public Builder unsubscribeBackoff(Duration v) {
      unsubscribeBackoff = v;
      return this;
    }

    /** GRAFT flood threshold. */
    public Builder graftFloodThreshold(Duration v) {
      graftFloodThreshold = v;
      return this;
    }

    /** Flood publishing. */
    public Builder floodPublish(boolean v) {
      floodPublish = v;
      return this;
    }

    /** Peer exchange in PRUNE. */
    public Builder doPx(boolean v) {
      doPx = v;
      return this;
    }

    /** Peers per peer exchange. */
    public Builder pxPeers(int v) {
      pxPeers = v;
      return this;
    }

    /** Opportunistic grafting period (heartbeats) and peers per round. */
    public Builder opportunisticGraft(int ticks, int peers) {
      opportunisticGraftTicks = ticks;
      opportunisticGraftPeers = peers;
      return this;
    }

    /** Gossip caps: ids asked per heartbeat, IHAVEs handled per heartbeat. */
    public Builder gossipCaps(int maxIHaveLengthValue, int maxIHaveMessagesValue) {
      maxIHaveLength = maxIHaveLengthValue;
      maxIHaveMessages = maxIHaveMessagesValue;
      return this;
    }

    /** IWANT follow-up time. */
    public Builder iwantFollowupTime(Duration v) {
      iwantFollowupTime = v;
      return this;
    }

    /** IWANT answers per message per peer. */
    public Builder gossipRetransmission(int v) {
      gossipRetransmission = v;
      return this;
    }

    /** IDONTWANT: messages handled per peer per heartbeat, and the size that triggers sending. */
    public Builder idontwant(int maxMessagesValue, int thresholdBytes) {
      maxIDontWantMessages = maxMessagesValue;
      idontwantThreshold = thresholdBytes;
      return this;
    }

    /** Maximum RPC frame and message payload sizes. */
    public Builder maxSizes(int maxRpcSizeValue, int maxMessageSizeValue) {
      maxRpcSize = maxRpcSizeValue;
      maxMessageSize = maxMessageSizeValue;
      return this;
    }

    /** Subscription limits: per RPC, per peer, topic name length. */
    public Builder subscriptionLimits(int perRpc, int perPeer, int topicLength) {
      maxSubscriptionsPerRpc = perRpc;
      maxTopicsPerPeer = perPeer;
      maxTopicLength = topicLength;
      return this;
    }

    /** Outbound queue per peer, in frames and bytes. */
    public Builder outboundQueue(int frames, int bytes) {
      outboundQueueFrames = frames;
      outboundQueueBytes = bytes;
      return this;
    }

    /** RPCs of one peer processed at once. */
    public Builder maxInflightRpcsPerPeer(int v) {
      maxInflightRpcsPerPeer = v;
      return this;
    }

    /** Messages validated at once, and the validator deadline. */
    public Builder validation(int concurrency, Duration timeout) {
      validationConcurrency = concurrency;
      validationTimeout = timeout;
      return this;
    }

    /** Messages queued per subscription. */
    public Builder subscriptionQueueSize(int v) {
      subscriptionQueueSize = v;
      return this;
    }

    /** Whether own messages reach own subscriptions. */
    public Builder deliverOwnMessages(boolean v) {
      deliverOwnMessages = v;
      return this;
    }

    /** Signature policy. */
    public Builder signaturePolicy(SignaturePolicy v) {
      signaturePolicy = v;
      return this;
    }

    /** Message id function. */
    public Builder messageIdFunction(MessageIdFunction v) {
      messageIdFunction = v;
      return this;
    }

    /** Peer scoring. */
    public Builder score(ScoreParams v) {
      score = v;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first value that breaks a constraint
     */
    public GossipSubConfig build() {
      return new GossipSubConfig(this);
    }
  }
}
