package org.subnetp2p.gossipsub.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.gossipsub.ScoreParams;
import org.subnetp2p.gossipsub.TopicScoreParams;

class PeerScoringTest {
  private static final String T = "t";
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final TopicScoreParams topic =
      new TopicScoreParams(
          2.0,
          0.5,
          Duration.ofSeconds(1),
          10,
          1.0,
          0.5,
          5,
          -1.0,
          0.5,
          4,
          10,
          Duration.ofSeconds(5),
          Duration.ofMillis(10),
          -2.0,
          0.5,
          -3.0,
          0.5);
  private final ScoreParams params = ScoreParams.defaults().withTopic(T, topic);
  private final PeerScoring scoring = new PeerScoring(params, now::get);
  private final PeerId p = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void p1GrowsWithTimeInMeshUpToItsCap() {
    scoring.addPeer(p, "10.0.0.1");
    scoring.graft(p, T);
    advance(Duration.ofSeconds(4));
    assertThat(scoring.score(p)).isCloseTo(2.0 * 0.5 * 4, within(1e-6));
    advance(Duration.ofSeconds(100));
    // capped at 10 quanta; P3 now active (5 s) with a deficit of 4: -16
    assertThat(scoring.score(p)).isCloseTo(2.0 * (0.5 * 10 - 16), within(1e-6));
  }

  @Test
  void p2CountsFirstDeliveriesCappedAndDecaying() {
    scoring.addPeer(p, null);
    for (int i = 0; i < 8; i++) {
      scoring.firstDelivery(p, T);
    }
    assertThat(scoring.score(p)).isCloseTo(2.0 * 5, within(1e-6));
    scoring.decay();
    assertThat(scoring.score(p)).isCloseTo(2.0 * 2.5, within(1e-6));
  }

  @Test
  void p3PenalisesAnUnderDeliveringMeshPeerAndP3bRemembersIt() {
    scoring.addPeer(p, null);
    scoring.graft(p, T);
    scoring.nearFirstDelivery(p, T); // counts 1 of the 4 expected
    advance(Duration.ofSeconds(6));
    double withP1 = 2.0 * 0.5 * 6;
    assertThat(scoring.score(p)).isCloseTo(withP1 + 2.0 * (-1.0 * 9), within(1e-6));
    scoring.prune(p, T);
    assertThat(scoring.score(p)).isCloseTo(2.0 * (-2.0 * 9), within(1e-6));
  }

  @Test
  void p4IsTheSquareOfInvalidMessages() {
    scoring.addPeer(p, null);
    scoring.invalidDelivery(p, T);
    scoring.invalidDelivery(p, T);
    assertThat(scoring.score(p)).isCloseTo(2.0 * -3.0 * 4, within(1e-6));
  }

  @Test
  void p6PenalisesTooManyPeersOnOneIpButNotLoopback() {
    for (int i = 0; i < 12; i++) {
      scoring.addPeer(PeerId.fromPublicKey(Keys.generateEd25519().publicKey()), "10.0.0.9");
    }
    scoring.addPeer(p, "10.0.0.9");
    // 13 peers, threshold 10: surplus 3, squared 9, weight -5
    assertThat(scoring.score(p)).isCloseTo(-45, within(1e-6));
    PeerId local = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    for (int i = 0; i < 12; i++) {
      scoring.addPeer(PeerId.fromPublicKey(Keys.generateEd25519().publicKey()), "127.0.0.1");
    }
    scoring.addPeer(local, "127.0.0.1");
    assertThat(scoring.score(local)).isZero();
  }

  @Test
  void p7IsTheSquareOfTheBehaviourCounterAndARetainedPenaltySurvivesAReconnect() {
    scoring.addPeer(p, null);
    scoring.addPenalty(p, 3);
    assertThat(scoring.score(p)).isCloseTo(-90, within(1e-6));
    scoring.removePeer(p);
    scoring.addPeer(p, null);
    assertThat(scoring.score(p)).isCloseTo(-90, within(1e-6));
    PeerScore snapshot = scoring.snapshot().get(0);
    assertThat(snapshot.behaviourPenalty()).isEqualTo(3);
    assertThat(snapshot.connected()).isTrue();
  }

  @Test
  void aPositiveScoreIsForgottenOnDisconnectAndAnExpiredRetentionToo() {
    scoring.addPeer(p, null);
    scoring.firstDelivery(p, T);
    scoring.removePeer(p);
    assertThat(scoring.size()).isZero();
    scoring.addPeer(p, null);
    scoring.addPenalty(p, 1);
    scoring.removePeer(p);
    advance(params.retainScore().plusSeconds(1));
    scoring.decay();
    assertThat(scoring.size()).isZero();
  }
}
