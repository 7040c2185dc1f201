package org.subnetp2p.gossipsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.record.PeerRecord;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;

/**
 * {@code /meshsub/2.0.0} as py-libp2p (and so subnet-template) speaks it, over real TCP, played by
 * a hand-driven peer: the wire facts of the issue, checked one by one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Meshsub20CompatTest {
  private static final String TOPIC = "peer_state";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TcpNodes nodes = new TcpNodes();
  private TcpNodes.Node java;
  private RawPeer py;
  private final List<PubSub.Message> got = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    java = nodes.start();
    java.pubsub().subscribe(TOPIC, got::add);
    py = new RawPeer(GossipSubConfig.MESHSUB_V20);
    py.open(java.address(), GossipSubConfig.MESHSUB_V20);
    py.subscribe(TOPIC);
    await().atMost(WAIT).until(() -> java.pubsub().meshPeers(TOPIC).contains(py.peerId()));
  }

  @AfterEach
  void stop() {
    py.close();
    nodes.close();
  }

  private RPC withRecord(RPC rpc, byte[] record) {
    return rpc.toBuilder().setSenderRecord(ByteString.copyFrom(record)).build();
  }

  @Test
  void theJavaNodeNegotiatesMeshsub20AndSignsItsRecordIntoEveryRpc() throws Exception {
    assertThat(java.pubsub().protocolOf(py.peerId())).contains(GossipSubConfig.MESHSUB_V20);
    await().atMost(WAIT).until(() -> !py.received.isEmpty());
    for (RPC rpc : py.received) {
      assertThat(rpc.hasSenderRecord()).isTrue();
      PeerRecord record = PeerRecord.fromEnvelope(rpc.getSenderRecord().toByteArray());
      assertThat(record.peerId()).isEqualTo(java.host().peerId());
    }
  }

  @Test
  void anRpcWithAValidRecordIsHandledAndOneWithABadRecordIsIgnoredWhole() throws Exception {
    byte[] own = py.host.signedPeerRecord().orElseThrow().toBytes();
    // Somebody else's record: it verifies, but names another peer than the sender.
    byte[] foreign = PeerRecord.of(java.host().peerId(), List.of()).seal(java.key()).toBytes();

    py.rpc(
        withRecord(RPC.newBuilder().addPublish(py.signedMessage(TOPIC, "bad")).build(), foreign));
    py.rpc(withRecord(RPC.newBuilder().addPublish(py.signedMessage(TOPIC, "good")).build(), own));

    await().atMost(WAIT).until(() -> got.size() == 1);
    assertThat(new String(got.get(0).data(), UTF_8)).isEqualTo("good");
    assertThat(java.pubsub().score(py.peerId())).isNegative();
  }

  @Test
  void gossipToAMeshsub20PeerCarriesHexIdsAndHexIwantsAreAnswered() throws Exception {
    // py offers a message id in hex; Java asks for it in hex, then takes the message.
    Message m = py.signedMessage(TOPIC, "offered");
    ByteString id = m.getFrom().concat(m.getSeqno());
    ByteString hex = ByteString.copyFromUtf8(HexFormat.of().formatHex(id.toByteArray()));
    py.rpc(
        RPC.newBuilder()
            .setControl(
                ControlMessage.newBuilder()
                    .addIhave(ControlIHave.newBuilder().setTopicID(TOPIC).addMessageIDs(hex)))
            .build());
    await()
        .atMost(WAIT)
        .until(
            () ->
                py.received.stream()
                    .flatMap(r -> r.getControl().getIwantList().stream())
                    .anyMatch(w -> w.getMessageIDsList().contains(hex)));
    py.rpc(RPC.newBuilder().addPublish(m).build());
    await().atMost(WAIT).until(() -> got.size() == 1);
  }

  @Test
  void largeMessagesBringIdontwantWithRawIdsToMeshsub20MeshPeers() throws Exception {
    RawPeer other = new RawPeer(GossipSubConfig.MESHSUB_V20);
    try {
      other.open(java.address(), GossipSubConfig.MESHSUB_V20);
      other.subscribe(TOPIC);
      await().atMost(WAIT).until(() -> java.pubsub().meshPeers(TOPIC).contains(other.peerId()));
      Message big = py.signedMessage(TOPIC, "x".repeat(4000));
      ByteString id = big.getFrom().concat(big.getSeqno());
      py.rpc(RPC.newBuilder().addPublish(big).build());
      await()
          .atMost(WAIT)
          .until(
              () ->
                  other.received.stream()
                      .flatMap(r -> r.getControl().getIdontwantList().stream())
                      .anyMatch(d -> d.getMessageIDsList().contains(id)));
      await().atMost(WAIT).until(() -> other.messagesReceived() == 1);
    } finally {
      other.close();
    }
  }

  @Test
  void javaPublishesToAMeshsub20PeerWithTheStandardIdAndSignature() throws Exception {
    java.pubsub().publish(TOPIC, "hi py".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> py.messagesReceived() == 1);
    Message m =
        py.received.stream().flatMap(r -> r.getPublishList().stream()).findFirst().orElseThrow();
    assertThat(m.getFrom().toByteArray()).isEqualTo(java.host().peerId().toBytes());
    assertThat(m.getSeqno().size()).isEqualTo(8);
    assertThat(m.getTopicList()).containsExactly(TOPIC);
    assertThat(m.hasKey()).isFalse(); // Ed25519 ids inline the key
    assertThat(org.subnetp2p.gossipsub.wire.MessageSigning.verify(m, SignaturePolicy.STRICT_SIGN))
        .isEqualTo(org.subnetp2p.gossipsub.wire.MessageSigning.Verdict.OK);
    // The counter starts at Unix time (in nanoseconds), as py-libp2p's does.
    long seqno = ByteBuffer.wrap(m.getSeqno().toByteArray()).getLong();
    assertThat(seqno).isGreaterThan(System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L);
  }
}
