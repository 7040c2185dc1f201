package org.subnetp2p.core.pubsub;

import java.util.Map;
import org.subnetp2p.core.identity.PeerId;

/**
 * A peer's score as the router sees it (GossipSub v1.1 peer scoring), with the counters it is made
 * of, so an operator can tell why a peer is trusted or ignored.
 *
 * @param peer the peer
 * @param score the total; below zero the peer is pruned from meshes, far below it is ignored
 * @param connected whether the peer is connected (scores outlive a disconnection for a while)
 * @param appSpecific P5, the application's own score
 * @param ipColocation P6, the surplus of peers sharing the peer's IP, squared
 * @param behaviourPenalty P7's counter (broken gossip promises, spam, early GRAFTs, bad frames)
 * @param topics the per-topic counters, by topic
 */
public record PeerScore(
    PeerId peer,
    double score,
    boolean connected,
    double appSpecific,
    double ipColocation,
    double behaviourPenalty,
    Map<String, Topic> topics) {

  /** Copies the map. */
  public PeerScore {
    topics = Map.copyOf(topics);
  }

  /**
   * The per-topic counters of a peer's score.
   *
   * @param inMesh whether the peer is in this node's mesh for the topic
   * @param timeInMesh P1, time in the mesh in quanta (capped)
   * @param firstMessageDeliveries P2, messages the peer delivered first
   * @param meshMessageDeliveries P3's counter of first and near-first deliveries in the mesh
   * @param meshFailurePenalty P3b, the sticky penalty for under-delivering when pruned
   * @param invalidMessageDeliveries P4, invalid messages the peer delivered
   */
  public record Topic(
      boolean inMesh,
      double timeInMesh,
      double firstMessageDeliveries,
      double meshMessageDeliveries,
      double meshFailurePenalty,
      double invalidMessageDeliveries) {}
}
