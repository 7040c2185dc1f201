package org.subnetp2p.gossipsub.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.pb.ControlGraft;
import org.subnetp2p.gossipsub.pb.ControlIDontWant;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.ControlPrune;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.wire.GossipIds;
import org.subnetp2p.gossipsub.wire.Protocol;

class RouterTest {
  private static final String T = "topic";
  private static final GossipSubConfig CONFIG = GossipSubConfig.defaults();

  private final RouterHarness h = new RouterHarness(CONFIG);

  private List<PeerId> peers(int n, Protocol protocol, boolean outbound) {
    List<PeerId> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(h.addPeer(protocol, outbound, T));
    }
    return out;
  }

  private Set<PeerId> grafted() {
    return h.sent.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(r -> r.getControl().getGraftCount() > 0))
        .map(java.util.Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  @Test
  void joiningGraftsDPeersAndAnnouncesTheTopic() {
    List<PeerId> ps = peers(12, Protocol.MESHSUB_V12, true);
    h.router.join(T);

    assertThat(h.router.meshPeers(T)).hasSize(CONFIG.d());
    assertThat(grafted()).isEqualTo(h.router.meshPeers(T));
    for (PeerId p : ps) {
      assertThat(h.drain(p).get(0).getSubscriptions(0).getTopicid()).isEqualTo(T);
    }
  }

  @Test
  void theHelloThatBeginsEachStreamHoldsOurSubscriptions() throws Exception {
    assertThat(h.router.hello()).isEmpty();
    h.router.join(T);
    PeerId p = h.addPeer(Protocol.MESHSUB_V11, false);
    assertThat(h.drain(p)).as("nothing queued: the stream's writer sends the hello").isEmpty();
    RPC hello = RPC.parseFrom(h.router.hello().get(0));
    assertThat(hello.getSubscriptions(0).getSubscribe()).isTrue();
    assertThat(hello.getSubscriptions(0).getTopicid()).isEqualTo(T);
    h.router.leave(T);
    assertThat(h.router.hello()).isEmpty();
  }

  @Test
  void aPeerJoiningTheMeshIsOfferedTheRecentMessagesTheMeshCouldNotCarry() {
    h.router.join(T); // no peer yet: an empty mesh
    PeerId from = h.addPeer(Protocol.MESHSUB_V11, true, T);
    Message m = h.signed(T, "arrived before any mesh");
    h.receive(from, m); // forwarded to mesh peers: none
    PeerId late = h.addPeer(Protocol.MESHSUB_V11, true, T);
    assertThat(h.messagesSentTo(late)).isEmpty();

    h.heartbeat(); // grafts both; gossip would go only to peers outside the mesh

    ControlMessage toLate = h.controlSentTo(late);
    assertThat(toLate.getGraftList()).extracting(ControlGraft::getTopicID).containsExactly(T);
    assertThat(toLate.getIhaveList())
        .singleElement()
        .satisfies(
            ihave -> {
              assertThat(ihave.getTopicID()).isEqualTo(T);
              assertThat(ihave.getMessageIDsList())
                  .containsExactly(GossipIds.encode(RouterHarness.id(m), Protocol.MESHSUB_V11));
            });
  }

  @Test
  void heartbeatFillsAMeshBelowDLowAndTrimsOneAboveDHighKeepingOutboundPeers() {
    GossipSubConfig small = GossipSubConfig.builder().degree(4, 3, 6).dOut(1).dScore(2).build();
    RouterHarness s = new RouterHarness(small);
    s.router.join(T);
    assertThat(s.router.meshPeers(T)).isEmpty();
    List<PeerId> inbound = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      inbound.add(s.addPeer(Protocol.MESHSUB_V12, false, T));
    }
    s.heartbeat();
    assertThat(s.router.meshPeers(T)).hasSize(small.d());

    // Inbound GRAFTs are accepted up to D_high, outbound ones beyond it.
    List<PeerId> outbound = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outbound.add(s.addPeer(Protocol.MESHSUB_V12, true, T));
    }
    for (PeerId p : inbound) {
      s.receiveControl(p, graft(T));
    }
    assertThat(s.router.meshPeers(T)).hasSize(small.dHigh());
    for (PeerId p : outbound) {
      s.receiveControl(p, graft(T));
    }
    assertThat(s.router.meshPeers(T)).hasSize(small.dHigh() + 3);

    s.heartbeat();
    Set<PeerId> mesh = s.router.meshPeers(T);
    assertThat(mesh).hasSize(small.d());
    assertThat(mesh.stream().filter(outbound::contains).count())
        .isGreaterThanOrEqualTo(small.dOut());
  }

  @Test
  void aPeerKeepsDOutOutboundConnectionsInItsMesh() {
    h.router.join(T);
    peers(8, Protocol.MESHSUB_V12, false);
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).hasSize(CONFIG.d());
    List<PeerId> outbound = peers(3, Protocol.MESHSUB_V12, true);
    h.heartbeat();
    long out = h.router.meshPeers(T).stream().filter(outbound::contains).count();
    assertThat(out).isEqualTo(CONFIG.dOut());
  }

  @Test
  void aValidMessageIsDeliveredOnceAndForwardedToTheMeshButNotBack() {
    List<PeerId> ps = peers(8, Protocol.MESHSUB_V12, true);
    h.router.join(T);
    h.clearSent();
    PeerId from = h.router.meshPeers(T).iterator().next();
    Message m = h.signed(T, "hello");

    h.receive(from, m);
    h.receive(ps.get(0), m);

    assertThat(h.delivered).hasSize(1);
    for (PeerId p : h.router.meshPeers(T)) {
      int copies = h.messagesSentTo(p).size();
      assertThat(copies).isEqualTo(p.equals(from) ? 0 : 1);
    }
    for (PeerId p : ps) {
      if (!h.router.meshPeers(T).contains(p)) {
        assertThat(h.messagesSentTo(p)).isEmpty();
      }
    }
    assertThat(h.router.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void messagesOnTopicsWeDoNotSubscribeAreDropped() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.receive(p, h.signed(T, "x"));
    assertThat(h.delivered).isEmpty();
    assertThat(h.router.stats().notSubscribed()).isEqualTo(1);
  }

  @Test
  void aForgedOrUnsignedMessageIsRejectedAndPenalisedAndItsIdForgotten() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    Message genuine = h.signed(T, "genuine");
    Message forged = genuine.toBuilder().setData(ByteString.copyFromUtf8("forged")).build();
    Message unsigned = genuine.toBuilder().clearSignature().build();

    h.receive(p, forged);
    assertThat(h.router.score(p)).isNegative();
    h.receive(p, unsigned);
    assertThat(h.delivered).isEmpty();

    // The id was forgotten: the genuine message still gets through.
    PeerId honest = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.receive(honest, genuine);
    assertThat(h.delivered).hasSize(1);
    assertThat(h.router.stats().rejected()).isEqualTo(2);
  }

  @Test
  void duplicatesArrivingDuringValidationShareItsVerdict() {
    h.autoAccept = false;
    List<PeerId> ps = peers(3, Protocol.MESHSUB_V12, true);
    h.router.join(T);
    Message m = h.signed(T, "x");
    h.receive(ps.get(0), m);
    h.receive(ps.get(1), m);
    assertThat(h.pending).hasSize(1);

    h.router.validated(h.pending.get(0), Verdict.REJECT);

    assertThat(h.router.score(ps.get(0))).isNegative();
    assertThat(h.router.score(ps.get(1))).isNegative();
    assertThat(h.router.score(ps.get(2))).isZero();
  }

  @Test
  void anOversizedMessageIsRejectedWithoutValidation() {
    RouterHarness small =
        new RouterHarness(GossipSubConfig.builder().maxSizes(64 * 1024, 100).build());
    PeerId p = small.addPeer(Protocol.MESHSUB_V12, true, T);
    small.router.join(T);
    small.receive(p, small.signed(T, "x".repeat(101)));
    assertThat(small.delivered).isEmpty();
    assertThat(small.router.score(p)).isNegative();
  }

  @Test
  void gossipGoesToPeersOutsideTheMeshWithHexIdsForMeshsub20() {
    peers(7, Protocol.MESHSUB_V12, true);
    h.router.join(T);
    PeerId py = h.addPeer(Protocol.MESHSUB_V20, true, T);
    PeerId js = h.addPeer(Protocol.MESHSUB_V12, true, T);
    Message m = h.signed(T, "x");
    PeerId from = h.router.meshPeers(T).iterator().next();
    h.receive(from, m);
    h.clearSent();

    h.heartbeat();

    ByteString id = RouterHarness.id(m);
    ControlIHave toPy = h.controlSentTo(py).getIhave(0);
    ControlIHave toJs = h.controlSentTo(js).getIhave(0);
    assertThat(toPy.getMessageIDs(0).toString(StandardCharsets.US_ASCII))
        .isEqualTo(HexFormat.of().formatHex(id.toByteArray()));
    assertThat(toJs.getMessageIDs(0)).isEqualTo(id);
  }

  @Test
  void ihaveInEitherFormIsAnsweredWithIwantInThatFormAndBrokenPromisesArePenalised() {
    PeerId py = h.addPeer(Protocol.MESHSUB_V20, true, T);
    PeerId js = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    h.clearSent();
    byte[] raw = {1, 2, 3, 4, 5};
    ByteString hex = ByteString.copyFromUtf8(HexFormat.of().formatHex(raw));

    h.receiveControl(py, ihave(T, hex));
    h.receiveControl(js, ihave(T, ByteString.copyFrom(raw)));

    assertThat(h.controlSentTo(py).getIwant(0).getMessageIDs(0)).isEqualTo(hex);
    assertThat(h.controlSentTo(js).getIwant(0).getMessageIDs(0))
        .isEqualTo(ByteString.copyFrom(raw));

    // Neither delivers: both broke their promise once the follow-up time passed.
    h.advanceMillis(CONFIG.iwantFollowupTime().toMillis() + 1);
    h.heartbeat();
    assertThat(h.router.score(py)).isNegative();
    assertThat(h.router.score(js)).isNegative();
  }

  @Test
  void anIhaveForAMessageAlreadySeenAsksNothing() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V20, true, T);
    h.router.join(T);
    Message m = h.signed(T, "x");
    h.receive(p, m);
    h.clearSent();
    ByteString id = RouterHarness.id(m);
    h.receiveControl(p, ihave(T, id));
    h.receiveControl(
        p, ihave(T, ByteString.copyFromUtf8(HexFormat.of().formatHex(id.toByteArray()))));
    assertThat(h.controlSentTo(p).getIwantCount()).isZero();
  }

  @Test
  void iwantIsServedInEitherFormAtMostGossipRetransmissionTimes() {
    List<PeerId> ps = peers(3, Protocol.MESHSUB_V12, true);
    h.router.join(T);
    Message m = h.signed(T, "x");
    h.receive(ps.get(0), m);
    PeerId asker = h.addPeer(Protocol.MESHSUB_V20, true, T);
    h.clearSent();
    ByteString id = RouterHarness.id(m);
    ByteString hex = ByteString.copyFromUtf8(HexFormat.of().formatHex(id.toByteArray()));

    for (int i = 0; i < 10; i++) {
      h.receiveControl(asker, iwant(i % 2 == 0 ? id : hex));
    }

    assertThat(h.messagesSentTo(asker)).hasSize(CONFIG.gossipRetransmission());
  }

  @Test
  void iwantFloodsAreCutByTheRateGuardAndPenalised() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    for (int i = 0; i < 100; i++) {
      h.receiveControl(p, iwant(ByteString.copyFromUtf8("missing-" + i)));
    }
    assertThat(h.router.stats().rateExcess()).isEqualTo(90);
    assertThat(h.router.score(p)).isNegative();
  }

  @Test
  void anIhaveWithFarTooManyIdsAsksAtMostTheCapAndIsPenalised() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    h.clearSent();
    ControlIHave.Builder big = ControlIHave.newBuilder().setTopicID(T);
    for (int i = 0; i < 100_000; i++) {
      big.addMessageIDs(ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(i).array()));
    }
    h.receiveControl(p, ControlMessage.newBuilder().addIhave(big).build());

    int asked =
        h.controlSentTo(p).getIwantList().stream().mapToInt(ControlIWant::getMessageIDsCount).sum();
    assertThat(asked).isEqualTo(CONFIG.maxIHaveLength());
    assertThat(h.router.score(p)).isNegative();
  }

  @Test
  void aGraftForAnUnknownTopicIsIgnoredWithoutPruneButPenalised() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    h.clearSent();
    for (int i = 0; i < 10; i++) {
      h.receiveControl(p, graft("unknown-" + i));
    }
    assertThat(h.controlSentTo(p).getPruneCount()).isZero();
    assertThat(h.router.score(p)).isNegative();
    assertThat(h.router.stats().unknownTopicGrafts()).isEqualTo(10);
  }

  @Test
  void aGraftFromAPeerNotSubscribedToTheTopicIsPrunedAndItStaysOutOfTheMesh() {
    h.router.join(T);
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, false);
    h.clearSent();
    h.receiveControl(p, graft(T));
    assertThat(h.router.meshPeers(T)).isEmpty();
    assertThat(h.controlSentTo(p).getPruneList()).extracting(ControlPrune::getTopicID).contains(T);
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).isEmpty();
  }

  @Test
  void aPrunedPeerIsNotRegraftedDuringItsBackoffAndAnEarlyGraftIsPrunedAndPenalised() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    assertThat(h.router.meshPeers(T)).containsExactly(p);
    h.receiveControl(p, prune(T, 60));
    assertThat(h.router.meshPeers(T)).isEmpty();
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).isEmpty();

    h.clearSent();
    h.receiveControl(p, graft(T));
    assertThat(h.router.meshPeers(T)).isEmpty();
    assertThat(h.controlSentTo(p).getPrune(0).getBackoff()).isEqualTo(60);
    assertThat(h.router.score(p)).isNegative();

    // After the backoff (and a heartbeat of slack) the peer may join again; its penalty decays.
    for (int i = 0; i < 1000; i++) {
      h.advanceMillis(1000);
      h.router.decayScores();
    }
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).containsExactly(p);
  }

  @Test
  void leavingPrunesTheMeshWithTheUnsubscribeBackoff() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    h.clearSent();
    h.router.leave(T);
    ControlPrune prune = h.controlSentTo(p).getPrune(0);
    assertThat(prune.getBackoff()).isEqualTo(CONFIG.unsubscribeBackoff().toSeconds());
    assertThat(h.drain(p).get(0).getSubscriptions(0).getSubscribe()).isFalse();
  }

  @Test
  void publishingToAnUnsubscribedTopicFillsTheFanoutWhichExpires() {
    peers(10, Protocol.MESHSUB_V12, true);
    CompletableFuture<Void> done = new CompletableFuture<>();
    h.router.publish(T, h.signed(T, "x"), done);
    assertThat(done).isCompleted();
    assertThat(h.router.meshPeers(T)).hasSize(CONFIG.d());
    // Flood publishing: every topic peer got it, not only the fanout.
    assertThat(h.sent.values().stream().filter(l -> !l.isEmpty()).count()).isEqualTo(10);

    h.advanceMillis(CONFIG.fanoutTtl().toMillis() + 1);
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).isEmpty();
  }

  @Test
  void withoutFloodPublishOnlyTheFanoutGetsOwnMessages() {
    RouterHarness nf = new RouterHarness(GossipSubConfig.builder().floodPublish(false).build());
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ps.add(nf.addPeer(Protocol.MESHSUB_V12, true, T));
    }
    nf.router.publish(T, nf.signed(T, "x"), new CompletableFuture<>());
    long got = ps.stream().filter(p -> !nf.messagesSentTo(p).isEmpty()).count();
    assertThat(got).isEqualTo(CONFIG.d());
  }

  @Test
  void joiningMovesFanoutPeersIntoTheMesh() {
    peers(7, Protocol.MESHSUB_V12, true);
    h.router.publish(T, h.signed(T, "x"), new CompletableFuture<>());
    Set<PeerId> fanout = h.router.meshPeers(T);
    h.router.join(T);
    assertThat(h.router.meshPeers(T)).isEqualTo(fanout);
  }

  @Test
  void floodsubPeersGetMessagesButNoControl() {
    PeerId flood = h.addPeer(Protocol.FLOODSUB, true, T);
    PeerId mesh = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    assertThat(h.router.meshPeers(T)).contains(flood, mesh);
    h.receive(mesh, h.signed(T, "x"));
    h.heartbeat();
    assertThat(h.messagesSentTo(flood)).hasSize(1);
    for (RPC r : h.drain(flood)) {
      assertThat(r.hasControl()).isFalse();
    }
  }

  @Test
  void idontwantAboveTheThresholdGoesToMeshPeersAndIsHonoured() {
    List<PeerId> ps = peers(3, Protocol.MESHSUB_V12, true);
    PeerId old = h.addPeer(Protocol.MESHSUB_V11, true, T);
    h.router.join(T);
    h.clearSent();
    Message big = h.signed(T, "x".repeat(2000));
    ByteString id = RouterHarness.id(big);

    // ps[1] says it does not want it; ps[0] delivers it.
    h.receiveControl(
        ps.get(1),
        ControlMessage.newBuilder()
            .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(id))
            .build());
    h.receive(ps.get(0), big);

    assertThat(h.controlSentTo(ps.get(2)).getIdontwant(0).getMessageIDs(0)).isEqualTo(id);
    assertThat(h.controlSentTo(old).getIdontwantCount()).isZero();
    assertThat(h.messagesSentTo(ps.get(1))).isEmpty();
    assertThat(h.messagesSentTo(ps.get(2))).hasSize(1);
    assertThat(h.router.stats().idontwantSkips()).isEqualTo(1);
  }

  @Test
  void aGraylistedPeerIsIgnoredEntirely() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.join(T);
    h.router.penalize(p, 100);
    assertThat(h.router.score(p)).isLessThan(CONFIG.score().graylistThreshold());
    h.receive(p, h.signed(T, "x"));
    assertThat(h.delivered).isEmpty();
    assertThat(h.router.stats().graylistedRpcs()).isEqualTo(1);
  }

  @Test
  void negativePeersLeaveTheMeshAtTheNextHeartbeat() {
    List<PeerId> ps = peers(6, Protocol.MESHSUB_V12, true);
    h.router.join(T);
    h.router.penalize(ps.get(0), 1);
    h.heartbeat();
    assertThat(h.router.meshPeers(T)).doesNotContain(ps.get(0));
  }

  @Test
  void peerExchangeIsOfferedWhenEnabledAndFollowedFromWellScoredPeers() {
    RouterHarness px = new RouterHarness(GossipSubConfig.builder().doPx(true).build());
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ps.add(px.addPeer(Protocol.MESHSUB_V12, false, T));
    }
    px.router.join(T);
    for (PeerId p : ps) {
      px.receiveControl(p, graft(T)); // beyond D_high, inbound GRAFTs are pruned with PX
    }
    List<ControlPrune> prunes = new ArrayList<>();
    ps.forEach(p -> prunes.addAll(px.controlSentTo(p).getPruneList()));
    assertThat(prunes).isNotEmpty().allMatch(pr -> pr.getPeersCount() > 0);

    // A PRUNE with PX from a peer below the accept threshold is not followed.
    PeerId stranger = RouterHarness.peer();
    ControlPrune withPx =
        ControlPrune.newBuilder()
            .setTopicID(T)
            .addPeers(
                org.subnetp2p.gossipsub.pb.PeerInfo.newBuilder()
                    .setPeerID(ByteString.copyFrom(stranger.toBytes())))
            .build();
    px.receiveControl(ps.get(0), ControlMessage.newBuilder().addPrune(withPx).build());
    assertThat(px.connects).isEmpty();
  }

  @Test
  void opportunisticGraftingAddsBetterPeersToAPoorMesh() {
    RouterHarness og =
        new RouterHarness(GossipSubConfig.builder().opportunisticGraft(2, 2).build());
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ps.add(og.addPeer(Protocol.MESHSUB_V12, true, T));
    }
    og.router.join(T);
    Set<PeerId> mesh = og.router.meshPeers(T);
    // Peers outside the mesh earn first deliveries; the mesh's median stays at zero.
    List<PeerId> outside = ps.stream().filter(p -> !mesh.contains(p)).toList();
    for (PeerId p : outside) {
      for (int i = 0; i < 5; i++) {
        og.receive(p, og.signed(T, "m" + i));
      }
    }
    og.heartbeat();
    og.heartbeat();
    assertThat(og.router.stats().opportunisticGrafts()).isEqualTo(2);
    assertThat(og.router.meshPeers(T)).hasSize(mesh.size() + 2);
  }

  @Test
  void everyOutboundRpcFitsTheMaximumSize() {
    RouterHarness small =
        new RouterHarness(
            GossipSubConfig.builder()
                .maxSizes(64 * 1024, 32 * 1024)
                .mcache(5, 5)
                .gossipCaps(50_000, 10)
                .score(
                    CONFIG
                        .score()
                        .withPenalties(CONFIG.score().penalties().withMessagesPerSecond(0)))
                .build());
    org.subnetp2p.core.identity.PrivateKey author =
        org.subnetp2p.core.identity.Keys.generateEd25519();
    List<PeerId> ps = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ps.add(small.addPeer(Protocol.MESHSUB_V20, true, T));
    }
    small.router.join(T);
    for (int i = 0; i < 600; i++) {
      small.receive(ps.get(0), small.signed(author, T, "m" + i));
    }
    small.heartbeat(); // IHAVE with 600 hex ids: split over several frames (the harness checks)
    int ids = 0;
    for (PeerId p : ps) {
      for (ControlIHave ihave : small.controlSentTo(p).getIhaveList()) {
        ids += ihave.getMessageIDsCount();
      }
    }
    assertThat(ids % 600).isZero();
    assertThat(ids).isPositive();
    assertThat(small.router.stats().accepted()).isEqualTo(600);
  }

  @Test
  void scoresDecayOverTime() {
    PeerId p = h.addPeer(Protocol.MESHSUB_V12, true, T);
    h.router.penalize(p, 5);
    double before = h.router.score(p);
    for (int i = 0; i < 100; i++) {
      h.router.decayScores();
    }
    assertThat(h.router.score(p)).isNegative().isGreaterThan(before);
    assertThat(Duration.ofSeconds(1)).isEqualTo(CONFIG.score().decayInterval());
  }

  private static ControlMessage graft(String topic) {
    return ControlMessage.newBuilder()
        .addGraft(ControlGraft.newBuilder().setTopicID(topic))
        .build();
  }

  private static ControlMessage prune(String topic, long backoff) {
    return ControlMessage.newBuilder()
        .addPrune(ControlPrune.newBuilder().setTopicID(topic).setBackoff(backoff))
        .build();
  }

  private static ControlMessage ihave(String topic, ByteString id) {
    return ControlMessage.newBuilder()
        .addIhave(ControlIHave.newBuilder().setTopicID(topic).addMessageIDs(id))
        .build();
  }

  private static ControlMessage iwant(ByteString id) {
    return ControlMessage.newBuilder()
        .addIwant(ControlIWant.newBuilder().addMessageIDs(id))
        .build();
  }
}
