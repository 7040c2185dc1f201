package org.subnetp2p.gossipsub;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.subnetp2p.core.identity.PeerId;

/**
 * Peer scoring (GossipSub v1.1): the thresholds the router acts on, the global parameters P5 to P7,
 * the per-topic parameters P1 to P4, and the behaviour penalties this router adds for spam.
 *
 * <p>{@code score = topicCap(sum over topics of weight * (P1..P4)) + P5 * appSpecificWeight + P6 *
 * ipColocationFactorWeight + P7 * behaviourPenaltyWeight}, where P6 is the square of the peers
 * above {@code ipColocationFactorThreshold} sharing an IP (loopback addresses never count) and P7
 * the square of the behaviour counter above {@code behaviourPenaltyThreshold}.
 *
 * @param gossipThreshold below it no gossip is exchanged with the peer (negative)
 * @param publishThreshold below it own messages are not flood-published to the peer
 * @param graylistThreshold below it every RPC of the peer is ignored
 * @param acceptPxThreshold peer exchange is accepted only from peers at or above it
 * @param opportunisticGraftThreshold a mesh whose median score is below it grafts better peers
 * @param topicScoreCap a cap on the topics' part of the score; 0 for none
 * @param appSpecificWeight P5's weight
 * @param appSpecificScore P5: the application's own score of a peer
 * @param ipColocationFactorWeight P6's weight (negative; 0 turns it off)
 * @param ipColocationFactorThreshold peers per IP allowed before P6 applies
 * @param behaviourPenaltyWeight P7's weight (negative)
 * @param behaviourPenaltyThreshold P7 counts only above this counter value
 * @param behaviourPenaltyDecay P7's decay factor
 * @param decayInterval how often counters decay
 * @param decayToZero a decayed counter below it becomes 0
 * @param retainScore how long a disconnected peer's score is kept
 * @param topics per-topic parameters; topics not listed use {@code defaultTopic}
 * @param defaultTopic the parameters of every other topic; {@code null} to score only listed ones
 * @param penalties what each kind of misbehaviour adds to the P7 counter
 */
public record ScoreParams(
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double acceptPxThreshold,
    double opportunisticGraftThreshold,
    double topicScoreCap,
    double appSpecificWeight,
    ToDoubleFunction<PeerId> appSpecificScore,
    double ipColocationFactorWeight,
    int ipColocationFactorThreshold,
    double behaviourPenaltyWeight,
    double behaviourPenaltyThreshold,
    double behaviourPenaltyDecay,
    Duration decayInterval,
    double decayToZero,
    Duration retainScore,
    Map<String, TopicScoreParams> topics,
    TopicScoreParams defaultTopic,
    Penalties penalties) {

  /** Checks the constraints of the spec. */
  public ScoreParams {
    Objects.requireNonNull(appSpecificScore, "appSpecificScore");
    Objects.requireNonNull(decayInterval, "decayInterval");
    Objects.requireNonNull(retainScore, "retainScore");
    Objects.requireNonNull(penalties, "penalties");
    topics = Map.copyOf(topics);
    require(gossipThreshold < 0, "gossipThreshold must be negative");
    require(publishThreshold <= gossipThreshold, "publishThreshold must be <= gossipThreshold");
    require(graylistThreshold < publishThreshold, "graylistThreshold must be < publishThreshold");
    require(acceptPxThreshold >= 0, "acceptPxThreshold must not be negative");
    require(opportunisticGraftThreshold >= 0, "opportunisticGraftThreshold must not be negative");
    require(topicScoreCap >= 0, "topicScoreCap must not be negative");
    require(ipColocationFactorWeight <= 0, "ipColocationFactorWeight must not be positive");
    require(ipColocationFactorThreshold >= 1, "ipColocationFactorThreshold must be at least 1");
    require(behaviourPenaltyWeight <= 0, "behaviourPenaltyWeight must not be positive");
    require(
        behaviourPenaltyDecay > 0 && behaviourPenaltyDecay < 1,
        "behaviourPenaltyDecay must lie strictly between 0 and 1");
    require(
        !decayInterval.isZero() && !decayInterval.isNegative(), "decayInterval must be positive");
    require(decayToZero > 0 && decayToZero < 1, "decayToZero must lie strictly between 0 and 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The defaults: thresholds gossip -1000, publish -2000, graylist -4000, accept PX 100,
   * opportunistic graft 3; P5 off (score 0); P6 -5 per peer above 10 on one IP, squared; P7 -10
   * times the square of the counter, decaying 1% a second; counters decay every second; scores kept
   * 5 minutes after a disconnection; every topic scored with {@link TopicScoreParams#defaults()}.
   * So 20 points of misbehaviour (20 malformed RPCs, 2 oversized frames) or 7 invalid messages
   * graylist a peer.
   */
  public static ScoreParams defaults() {
    return new ScoreParams(
        -1000,
        -2000,
        -4000,
        100,
        3,
        0,
        1,
        peer -> 0,
        -5,
        10,
        -10,
        0,
        0.99,
        Duration.ofSeconds(1),
        0.01,
        Duration.ofMinutes(5),
        Map.of(),
        TopicScoreParams.defaults(),
        Penalties.defaults());
  }

  /** These parameters with {@code params} for {@code topic}. */
  public ScoreParams withTopic(String topic, TopicScoreParams params) {
    Map<String, TopicScoreParams> copy = new java.util.HashMap<>(topics);
    copy.put(topic, params);
    return with(copy, penalties);
  }

  /** These parameters with {@code p} as the P7 penalties. */
  public ScoreParams withPenalties(Penalties p) {
    return with(topics, p);
  }

  private ScoreParams with(Map<String, TopicScoreParams> newTopics, Penalties newPenalties) {
    return new ScoreParams(
        gossipThreshold,
        publishThreshold,
        graylistThreshold,
        acceptPxThreshold,
        opportunisticGraftThreshold,
        topicScoreCap,
        appSpecificWeight,
        appSpecificScore,
        ipColocationFactorWeight,
        ipColocationFactorThreshold,
        behaviourPenaltyWeight,
        behaviourPenaltyThreshold,
        behaviourPenaltyDecay,
        decayInterval,
        decayToZero,
        retainScore,
        newTopics,
        defaultTopic,
        newPenalties);
  }

  /** The parameters of {@code topic}, or {@code null} if it is not scored. */
  public TopicScoreParams topic(String topic) {
    TopicScoreParams p = topics.get(topic);
    return p != null ? p : defaultTopic;
  }

  /**
   * What each kind of misbehaviour adds to a peer's P7 behaviour counter. The spam guards mirror
   * subnet-template's (py-libp2p's) local ones, turned into score penalties: a rate above its limit
   * adds {@code rateExcess} for each {@code limit} excess events (so spamming at ten times the
   * limit adds 9 a second).
   *
   * @param brokenPromise an IHAVE whose promised message never came after our IWANT
   * @param graftDuringBackoff a GRAFT within the backoff we set when pruning the peer
   * @param graftFlood a GRAFT within {@link GossipSubConfig#graftFloodThreshold()} of that prune
   * @param graftUnknownTopic a GRAFT for a topic this node does not subscribe to
   * @param malformedRpc an RPC that does not decode, or breaks a decoding limit
   * @param oversizedRpc an RPC frame above the maximum RPC size (the stream is reset)
   * @param invalidSenderRecord an RPC whose signed peer record does not verify (the RPC is dropped)
   * @param rateExcess per limit's worth of excess over a spam guard's rate
   * @param messagesPerSecond messages one peer may forward per topic per second (0: no guard)
   * @param ihavesPerSecond IHAVE messages one peer may send per topic per second (0: no guard)
   * @param iwantsPerSecond IWANT messages one peer may send per second (0: no guard)
   */
  public record Penalties(
      double brokenPromise,
      double graftDuringBackoff,
      double graftFlood,
      double graftUnknownTopic,
      double malformedRpc,
      double oversizedRpc,
      double invalidSenderRecord,
      double rateExcess,
      int messagesPerSecond,
      int ihavesPerSecond,
      int iwantsPerSecond) {

    /** Checks that penalties are not negative. */
    public Penalties {
      for (double d :
          new double[] {
            brokenPromise,
            graftDuringBackoff,
            graftFlood,
            graftUnknownTopic,
            malformedRpc,
            oversizedRpc,
            invalidSenderRecord,
            rateExcess
          }) {
        require(d >= 0, "penalties must not be negative");
      }
      require(
          messagesPerSecond >= 0 && ihavesPerSecond >= 0 && iwantsPerSecond >= 0,
          "rates must not be negative");
    }

    /**
     * The defaults: 1 per broken promise, early GRAFT (plus 1 within the flood threshold),
     * malformed RPC and bad sender record; 0.5 per GRAFT for an unknown topic; 10 per oversized
     * frame; guards at 100 messages per topic, 10 IHAVEs per topic and 10 IWANTs per peer a second,
     * each limit's worth of excess adding 1.
     */
    public static Penalties defaults() {
      return new Penalties(1, 1, 1, 0.5, 1, 10, 1, 1, 100, 10, 10);
    }

    /** These penalties with the message rate guard at {@code perSecond} (0 turns it off). */
    public Penalties withMessagesPerSecond(int perSecond) {
      return new Penalties(
          brokenPromise,
          graftDuringBackoff,
          graftFlood,
          graftUnknownTopic,
          malformedRpc,
          oversizedRpc,
          invalidSenderRecord,
          rateExcess,
          perSecond,
          ihavesPerSecond,
          iwantsPerSecond);
    }
  }
}
