package org.subnetp2p.gossipsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.gossipsub.pb.ControlGraft;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;

/**
 * Hostile input over real TCP + Noise + Yamux: each attack is dropped and penalised (the attacker's
 * score goes negative, or below the graylist threshold), and the victim keeps serving an honest
 * peer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputTest {
  private static final String TOPIC = "t";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TcpNodes nodes = new TcpNodes();
  private TcpNodes.Node victim;
  private TcpNodes.Node honest;
  private RawPeer attacker;
  private final List<PubSub.Message> atVictim = new CopyOnWriteArrayList<>();
  private final List<PubSub.Message> atHonest = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    victim = nodes.start();
    honest = nodes.start();
    victim.pubsub().subscribe(TOPIC, atVictim::add);
    honest.pubsub().subscribe(TOPIC, atHonest::add);
    TcpNodes.connect(honest, victim);
    await()
        .atMost(WAIT)
        .until(() -> victim.pubsub().meshPeers(TOPIC).contains(honest.host().peerId()));
    attacker = new RawPeer(GossipSubConfig.MESHSUB_V12);
    attacker.open(victim.address(), GossipSubConfig.MESHSUB_V12);
    attacker.subscribe(TOPIC);
    await().atMost(WAIT).until(() -> victim.pubsub().peers(TOPIC).contains(attacker.peerId()));
  }

  @AfterEach
  void stop() {
    attacker.close();
    nodes.close();
  }

  private double attackerScore() {
    return victim.pubsub().score(attacker.peerId());
  }

  /** The victim still relays honest traffic both ways. */
  private void victimKeepsServing() throws Exception {
    int before = atVictim.size();
    honest.pubsub().publish(TOPIC, "still there?".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> atVictim.size() == before + 1);
    int beforeHonest = atHonest.size();
    victim.pubsub().publish(TOPIC, "yes".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> atHonest.size() == beforeHonest + 1);
  }

  @Test
  void malformedRpcsAreDroppedAndPenalisedAndTheStreamStaysUsable() throws Exception {
    attacker.frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});
    attacker.frame(new byte[] {0x0a, 0x7f}); // a field longer than the frame
    await().atMost(WAIT).until(() -> attackerScore() < 0);
    // A valid RPC on the same stream is still understood.
    attacker.rpc(
        RPC.newBuilder()
            .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("other"))
            .build());
    await().atMost(WAIT).until(() -> victim.pubsub().peers("other").contains(attacker.peerId()));
    victimKeepsServing();
  }

  @Test
  void aTenMebibyteRpcIsRefusedFromItsLengthAndTheStreamReset() throws Exception {
    byte[] length = Varint.encode(10L * 1024 * 1024);
    attacker.raw(length);
    try {
      attacker.raw(new byte[256 * 1024]); // the victim reads none of it and resets
    } catch (java.io.IOException expected) {
      // the reset may beat the write
    }
    await().atMost(WAIT).until(() -> attackerScore() < 0);
    victimKeepsServing();
  }

  @Test
  void anIhaveWithOneHundredThousandIdsAsksAtMostTheCapAndIsPenalised() throws Exception {
    ControlIHave.Builder ihave = ControlIHave.newBuilder().setTopicID(TOPIC);
    for (int i = 0; i < 100_000; i++) {
      ihave.addMessageIDs(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(i).array()));
    }
    RPC rpc = RPC.newBuilder().setControl(ControlMessage.newBuilder().addIhave(ihave)).build();
    assertThat(rpc.getSerializedSize()).isLessThan(victim.pubsub().config().maxRpcSize());
    attacker.rpc(rpc);

    await().atMost(WAIT).until(() -> attackerScore() < 0);
    await()
        .atMost(WAIT)
        .until(
            () ->
                attacker.received.stream()
                        .flatMap(r -> r.getControl().getIwantList().stream())
                        .mapToInt(ControlIWant::getMessageIDsCount)
                        .sum()
                    == victim.pubsub().config().maxIHaveLength());
    assertThat(victim.pubsub().stats().oversizedGossip()).isEqualTo(1);
    victimKeepsServing();
  }

  @Test
  void iwantFloodsGetEachMessageAtMostThreeTimesAndArePenalised() throws Exception {
    victim.pubsub().publish(TOPIC, "cached".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> attacker.messagesReceived() == 1);
    Message m =
        attacker.received.stream()
            .flatMap(r -> r.getPublishList().stream())
            .findFirst()
            .orElseThrow();
    ByteString id = m.getFrom().concat(m.getSeqno());
    for (int i = 0; i < 200; i++) {
      ControlIWant.Builder iwant = ControlIWant.newBuilder();
      for (int j = 0; j < 100; j++) {
        iwant.addMessageIDs(id);
      }
      attacker.rpc(
          RPC.newBuilder().setControl(ControlMessage.newBuilder().addIwant(iwant)).build());
    }
    await().atMost(WAIT).until(() -> attackerScore() < 0);
    await().atMost(WAIT).until(() -> victim.pubsub().stats().iwantServed() == 3);
    assertThat(victim.pubsub().stats().rateExcess()).isPositive();
    victimKeepsServing();
    assertThat(attacker.messagesReceived()).isLessThanOrEqualTo(1 + 3 + 1);
  }

  @Test
  void graftsForUnknownTopicsAreIgnoredAndPenalised() throws Exception {
    ControlMessage.Builder grafts = ControlMessage.newBuilder();
    for (int i = 0; i < 1000; i++) {
      grafts.addGraft(ControlGraft.newBuilder().setTopicID("unknown-" + i));
    }
    attacker.rpc(RPC.newBuilder().setControl(grafts).build());
    await().atMost(WAIT).until(() -> victim.pubsub().stats().unknownTopicGrafts() == 1000);
    assertThat(attackerScore()).isLessThan(victim.pubsub().config().score().graylistThreshold());
    // No PRUNE for them (v1.1: answering would make GRAFT spam pay); a PRUNE from TOPIC's mesh,
    // which the negative score costs the attacker, is fine.
    assertThat(attacker.received)
        .flatMap(r -> r.getControl().getPruneList())
        .noneMatch(p -> p.getTopicID().startsWith("unknown-"));
    assertThat(victim.pubsub().topics()).containsExactly(TOPIC);
    victimKeepsServing();
  }

  @Test
  void aMessageWithAForgedFromIsRejectedAndPenalised() throws Exception {
    // Claims to come from the honest peer, signed with the attacker's key.
    Message forged = attacker.message(attacker.key, honest.host().peerId(), TOPIC, "forged", true);
    // Signed by the honest peer's id but with content changed after signing.
    Message tampered =
        attacker.signedMessage(TOPIC, "original").toBuilder()
            .setData(ByteString.copyFromUtf8("tampered"))
            .build();
    attacker.rpc(RPC.newBuilder().addPublish(forged).addPublish(tampered).build());
    await().atMost(WAIT).until(() -> victim.pubsub().stats().rejected() == 2);
    assertThat(attackerScore()).isNegative();
    assertThat(atVictim).isEmpty();
    victimKeepsServing();
    assertThat(atHonest).noneMatch(m -> new String(m.data(), UTF_8).equals("forged"));
  }

  @Test
  void unsignedMessagesAreRejectedUnderStrictSign() throws Exception {
    Message unsigned =
        attacker.message(Keys.generateEd25519(), attacker.peerId(), TOPIC, "unsigned", false);
    Message bare =
        Message.newBuilder().addTopic(TOPIC).setData(ByteString.copyFromUtf8("bare")).build();
    attacker.rpc(RPC.newBuilder().addPublish(unsigned).addPublish(bare).build());
    await().atMost(WAIT).until(() -> victim.pubsub().stats().rejected() == 2);
    assertThat(attackerScore()).isNegative();
    assertThat(atVictim).isEmpty();
    victimKeepsServing();
  }

  @Test
  void aValidMessageFromTheRawPeerIsAcceptedSoTheAttacksAboveAreNotMisreadAsFailures()
      throws Exception {
    attacker.rpc(RPC.newBuilder().addPublish(attacker.signedMessage(TOPIC, "fine")).build());
    await().atMost(WAIT).until(() -> atVictim.size() == 1);
    assertThat(new String(atVictim.get(0).data(), UTF_8)).isEqualTo("fine");
    assertThat(attackerScore()).isGreaterThanOrEqualTo(0);
  }
}
