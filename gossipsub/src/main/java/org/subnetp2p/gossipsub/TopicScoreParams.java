package org.subnetp2p.gossipsub;

import java.time.Duration;
import java.util.Objects;

/**
 * How a peer's behaviour in one topic counts towards its score (GossipSub v1.1, P1 to P4). Decay
 * factors multiply a counter once per {@link ScoreParams#decayInterval()}.
 *
 * @param topicWeight how much this topic's part counts in the total
 * @param timeInMeshWeight P1's weight (small, positive)
 * @param timeInMeshQuantum time in the mesh that earns one P1 point
 * @param timeInMeshCap P1's maximum
 * @param firstMessageDeliveriesWeight P2's weight (positive)
 * @param firstMessageDeliveriesDecay P2's decay factor
 * @param firstMessageDeliveriesCap P2's maximum
 * @param meshMessageDeliveriesWeight P3's weight (negative; 0 turns P3 off)
 * @param meshMessageDeliveriesDecay P3's decay factor
 * @param meshMessageDeliveriesThreshold deliveries below which a mesh peer is penalised
 * @param meshMessageDeliveriesCap P3's counter maximum
 * @param meshMessageDeliveriesActivation time in the mesh before P3 applies
 * @param meshMessageDeliveryWindow how long after the first delivery a copy still counts for P3
 * @param meshFailurePenaltyWeight P3b's weight (negative; 0 turns it off)
 * @param meshFailurePenaltyDecay P3b's decay factor
 * @param invalidMessageDeliveriesWeight P4's weight (negative)
 * @param invalidMessageDeliveriesDecay P4's decay factor
 */
public record TopicScoreParams(
    double topicWeight,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double meshMessageDeliveriesWeight,
    double meshMessageDeliveriesDecay,
    double meshMessageDeliveriesThreshold,
    double meshMessageDeliveriesCap,
    Duration meshMessageDeliveriesActivation,
    Duration meshMessageDeliveryWindow,
    double meshFailurePenaltyWeight,
    double meshFailurePenaltyDecay,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay) {

  /** Checks the constraints of the spec. */
  public TopicScoreParams {
    Objects.requireNonNull(timeInMeshQuantum, "timeInMeshQuantum");
    Objects.requireNonNull(meshMessageDeliveriesActivation, "meshMessageDeliveriesActivation");
    Objects.requireNonNull(meshMessageDeliveryWindow, "meshMessageDeliveryWindow");
    require(topicWeight >= 0, "topicWeight must not be negative");
    require(timeInMeshWeight >= 0, "timeInMeshWeight must not be negative");
    require(
        !timeInMeshQuantum.isZero() && !timeInMeshQuantum.isNegative(),
        "timeInMeshQuantum must be positive");
    require(timeInMeshCap >= 0, "timeInMeshCap must not be negative");
    require(firstMessageDeliveriesWeight >= 0, "firstMessageDeliveriesWeight must not be negative");
    require(meshMessageDeliveriesWeight <= 0, "meshMessageDeliveriesWeight must not be positive");
    require(
        meshMessageDeliveriesThreshold >= 0, "meshMessageDeliveriesThreshold must not be negative");
    require(
        meshMessageDeliveriesCap >= meshMessageDeliveriesThreshold,
        "meshMessageDeliveriesCap must be at least meshMessageDeliveriesThreshold");
    require(meshFailurePenaltyWeight <= 0, "meshFailurePenaltyWeight must not be positive");
    require(
        invalidMessageDeliveriesWeight <= 0, "invalidMessageDeliveriesWeight must not be positive");
    for (double decay :
        new double[] {
          firstMessageDeliveriesDecay,
          meshMessageDeliveriesDecay,
          meshFailurePenaltyDecay,
          invalidMessageDeliveriesDecay
        }) {
      require(decay > 0 && decay < 1, "decay factors must lie strictly between 0 and 1");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The defaults, applied to every topic without parameters of its own: P1 up to +3 after 5 minutes
   * in the mesh; P2 +1 per first delivery, capped at 10, decaying 10% a second; P3 and P3b off (a
   * low-rate topic such as a heartbeat cannot promise deliveries; turn them on for busy topics); P4
   * -100 times the square of the invalid messages delivered, decaying 1% a second.
   */
  public static TopicScoreParams defaults() {
    return new TopicScoreParams(
        1.0,
        0.01,
        Duration.ofSeconds(1),
        300,
        1.0,
        0.9,
        10,
        0.0,
        0.9,
        1,
        10,
        Duration.ofSeconds(30),
        Duration.ofMillis(10),
        0.0,
        0.9,
        -100.0,
        0.99);
  }
}
