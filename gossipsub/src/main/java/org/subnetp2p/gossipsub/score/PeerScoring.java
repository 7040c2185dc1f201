package org.subnetp2p.gossipsub.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.gossipsub.ScoreParams;
import org.subnetp2p.gossipsub.TopicScoreParams;

/**
 * GossipSub v1.1 peer scoring: the counters behind P1 to P7 for every peer, their decay, and the
 * score computed from them. Not thread-safe: the router's loop owns it.
 *
 * <p>A disconnected peer's counters are kept for {@link ScoreParams#retainScore()} when its score
 * is not positive, so that reconnecting does not wash away a penalty.
 */
public final class PeerScoring {
  private final ScoreParams params;
  private final LongSupplier nanoTime;
  private final Map<PeerId, PeerStats> peers = new HashMap<>();
  private final Map<String, Set<PeerId>> peersByIp = new HashMap<>();

  /** Scoring with {@code params}, timed by {@code nanoTime}. */
  public PeerScoring(ScoreParams params, LongSupplier nanoTime) {
    this.params = params;
    this.nanoTime = nanoTime;
  }

  /** The parameters. */
  public ScoreParams params() {
    return params;
  }

  /** {@code peer} connected from {@code ip} ({@code null} if unknown); retained counters return. */
  public void addPeer(PeerId peer, String ip) {
    PeerStats s = peers.computeIfAbsent(peer, p -> new PeerStats());
    s.connected = true;
    if (ip != null && !isLoopback(ip) && s.ips.add(ip)) {
      peersByIp.computeIfAbsent(ip, k -> new HashSet<>()).add(peer);
    }
  }

  /** {@code peer} disconnected: it leaves every mesh; a non-positive score is retained a while. */
  public void removePeer(PeerId peer) {
    PeerStats s = peers.get(peer);
    if (s == null) {
      return;
    }
    for (String ip : s.ips) {
      Set<PeerId> set = peersByIp.get(ip);
      if (set != null && set.remove(peer) && set.isEmpty()) {
        peersByIp.remove(ip);
      }
    }
    s.ips.clear();
    if (score(peer) > 0) {
      peers.remove(peer);
      return;
    }
    long now = nanoTime.getAsLong();
    s.topics.forEach((topic, t) -> leaveMesh(topic, t, now));
    s.connected = false;
    s.expireNanos = now + params.retainScore().toNanos();
  }

  /** The score of {@code peer}; 0 for a peer never seen. */
  public double score(PeerId peer) {
    PeerStats s = peers.get(peer);
    if (s == null) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    double topicsPart = 0;
    for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
      TopicScoreParams tp = params.topic(e.getKey());
      if (tp != null) {
        topicsPart += tp.topicWeight() * topicScore(e.getValue(), tp, now);
      }
    }
    if (params.topicScoreCap() > 0 && topicsPart > params.topicScoreCap()) {
      topicsPart = params.topicScoreCap();
    }
    double total = topicsPart + params.appSpecificWeight() * appSpecific(peer);
    total += params.ipColocationFactorWeight() * ipColocation(s);
    total += params.behaviourPenaltyWeight() * behaviour(s);
    return total;
  }

  private static double topicScore(TopicStats t, TopicScoreParams tp, long now) {
    double score = 0;
    if (t.inMesh) {
      score += tp.timeInMeshWeight() * timeInMesh(t, tp, now);
    }
    score += tp.firstMessageDeliveriesWeight() * t.firstMessageDeliveries;
    double deficit = meshDeficit(t, tp, now);
    score += tp.meshMessageDeliveriesWeight() * deficit * deficit;
    score += tp.meshFailurePenaltyWeight() * t.meshFailurePenalty;
    score +=
        tp.invalidMessageDeliveriesWeight()
            * t.invalidMessageDeliveries
            * t.invalidMessageDeliveries;
    return score;
  }

  private static double timeInMesh(TopicStats t, TopicScoreParams tp, long now) {
    double quanta = (double) (now - t.graftNanos) / tp.timeInMeshQuantum().toNanos();
    return Math.min(quanta, tp.timeInMeshCap());
  }

  /** P3's deficit: only for a mesh peer past the activation time, below the threshold. */
  private static double meshDeficit(TopicStats t, TopicScoreParams tp, long now) {
    boolean active =
        t.inMesh && now - t.graftNanos > tp.meshMessageDeliveriesActivation().toNanos();
    if (!active || t.meshMessageDeliveries >= tp.meshMessageDeliveriesThreshold()) {
      return 0;
    }
    return tp.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries;
  }

  private double appSpecific(PeerId peer) {
    try {
      return params.appSpecificScore().applyAsDouble(peer);
    } catch (RuntimeException e) {
      return 0; // a faulty application function must not break the router
    }
  }

  private double ipColocation(PeerStats s) {
    double p6 = 0;
    for (String ip : s.ips) {
      Set<PeerId> shared = peersByIp.get(ip);
      int surplus = shared == null ? 0 : shared.size() - params.ipColocationFactorThreshold();
      if (surplus > 0) {
        p6 += (double) surplus * surplus;
      }
    }
    return p6;
  }

  private double behaviour(PeerStats s) {
    double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
    return excess > 0 ? excess * excess : 0;
  }

  /** {@code peer} joined our mesh for {@code topic}. */
  public void graft(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t != null) {
      t.inMesh = true;
      t.graftNanos = nanoTime.getAsLong();
    }
  }

  /** {@code peer} left our mesh for {@code topic}; an active delivery deficit becomes P3b. */
  public void prune(PeerId peer, String topic) {
    PeerStats s = peers.get(peer);
    TopicStats t = s == null ? null : s.topics.get(topic);
    if (t != null) {
      leaveMesh(topic, t, nanoTime.getAsLong());
    }
  }

  private void leaveMesh(String topic, TopicStats t, long now) {
    if (!t.inMesh) {
      return;
    }
    TopicScoreParams tp = params.topic(topic);
    if (tp != null) {
      double deficit = meshDeficit(t, tp, now);
      t.meshFailurePenalty += deficit * deficit;
    }
    t.inMesh = false;
  }

  /** {@code peer} delivered the first valid copy of a message on {@code topic} (P2, and P3). */
  public void firstDelivery(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    TopicScoreParams tp = params.topic(topic);
    if (t == null || tp == null) {
      return;
    }
    t.firstMessageDeliveries =
        Math.min(t.firstMessageDeliveries + 1, tp.firstMessageDeliveriesCap());
    meshDelivery(t, tp);
  }

  /** {@code peer} delivered a valid copy within the near-first window (P3 only). */
  public void nearFirstDelivery(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    TopicScoreParams tp = params.topic(topic);
    if (t != null && tp != null) {
      meshDelivery(t, tp);
    }
  }

  private static void meshDelivery(TopicStats t, TopicScoreParams tp) {
    if (t.inMesh) {
      t.meshMessageDeliveries =
          Math.min(t.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  /** {@code peer} delivered an invalid message on {@code topic} (P4). */
  public void invalidDelivery(PeerId peer, String topic) {
    TopicStats t = topicStats(peer, topic);
    if (t != null) {
      t.invalidMessageDeliveries += 1;
    }
  }

  /** Adds {@code amount} to {@code peer}'s behaviour counter (P7). */
  public void addPenalty(PeerId peer, double amount) {
    if (amount > 0) {
      peers.computeIfAbsent(peer, p -> new PeerStats()).behaviourPenalty += amount;
    }
  }

  private TopicStats topicStats(PeerId peer, String topic) {
    if (params.topic(topic) == null) {
      return null;
    }
    PeerStats s = peers.get(peer);
    if (s == null) {
      return null;
    }
    return s.topics.computeIfAbsent(topic, k -> new TopicStats());
  }

  /**
   * Decays every counter once and forgets disconnected peers whose retention ran out. Call it every
   * {@link ScoreParams#decayInterval()}.
   */
  public void decay() {
    long now = nanoTime.getAsLong();
    double zero = params.decayToZero();
    for (Iterator<PeerStats> it = peers.values().iterator(); it.hasNext(); ) {
      PeerStats s = it.next();
      if (!s.connected && now - s.expireNanos > 0) {
        it.remove();
        continue;
      }
      for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
        TopicScoreParams tp = params.topic(e.getKey());
        if (tp == null) {
          continue;
        }
        TopicStats t = e.getValue();
        t.firstMessageDeliveries =
            decay(t.firstMessageDeliveries, tp.firstMessageDeliveriesDecay(), zero);
        t.meshMessageDeliveries =
            decay(t.meshMessageDeliveries, tp.meshMessageDeliveriesDecay(), zero);
        t.meshFailurePenalty = decay(t.meshFailurePenalty, tp.meshFailurePenaltyDecay(), zero);
        t.invalidMessageDeliveries =
            decay(t.invalidMessageDeliveries, tp.invalidMessageDeliveriesDecay(), zero);
      }
      s.topics.values().removeIf(t -> !t.inMesh && t.isZero());
      s.behaviourPenalty = decay(s.behaviourPenalty, params.behaviourPenaltyDecay(), zero);
    }
  }

  private static double decay(double value, double factor, double zero) {
    double v = value * factor;
    return v < zero ? 0 : v;
  }

  /** Every peer's score and counters, for operators. */
  public List<PeerScore> snapshot() {
    long now = nanoTime.getAsLong();
    List<PeerScore> out = new ArrayList<>(peers.size());
    peers.forEach(
        (peer, s) -> {
          Map<String, PeerScore.Topic> topics = new HashMap<>();
          s.topics.forEach(
              (topic, t) -> {
                TopicScoreParams tp = params.topic(topic);
                double p1 = t.inMesh && tp != null ? timeInMesh(t, tp, now) : 0;
                topics.put(
                    topic,
                    new PeerScore.Topic(
                        t.inMesh,
                        p1,
                        t.firstMessageDeliveries,
                        t.meshMessageDeliveries,
                        t.meshFailurePenalty,
                        t.invalidMessageDeliveries));
              });
          out.add(
              new PeerScore(
                  peer,
                  score(peer),
                  s.connected,
                  appSpecific(peer),
                  ipColocation(s),
                  s.behaviourPenalty,
                  topics));
        });
    return out;
  }

  /** Peers with counters kept, connected or retained. */
  public int size() {
    return peers.size();
  }

  private static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1");
  }

  private static final class PeerStats {
    boolean connected;
    long expireNanos;
    final Map<String, TopicStats> topics = new HashMap<>();
    final Set<String> ips = new HashSet<>(2);
    double behaviourPenalty;
  }

  private static final class TopicStats {
    boolean inMesh;
    long graftNanos;
    double firstMessageDeliveries;
    double meshMessageDeliveries;
    double meshFailurePenalty;
    double invalidMessageDeliveries;

    boolean isZero() {
      return firstMessageDeliveries == 0
          && meshMessageDeliveries == 0
          && meshFailurePenalty == 0
          && invalidMessageDeliveries == 0;
    }
  }
}
