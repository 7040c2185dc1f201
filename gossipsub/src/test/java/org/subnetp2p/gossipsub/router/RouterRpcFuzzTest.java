package org.subnetp2p.gossipsub.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.pb.ControlGraft;
import org.subnetp2p.gossipsub.pb.ControlIDontWant;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.ControlPrune;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.PeerInfo;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.wire.MessageSigning;
import org.subnetp2p.gossipsub.wire.Protocol;

/**
 * The router fed any sequence of RPCs from three peers (meshsub 1.2, py-libp2p's 2.0, floodsub),
 * interleaved with heartbeats: it never throws; whatever it sends is a decodable RPC within the
 * size limit (checked by {@link RouterHarness#send}); after a heartbeat each mesh holds at most
 * D_high peers, all of them subscribed to the topic; it delivers only messages of its own topics,
 * each message id once, each message accepted by validation first (valid signature).
 *
 * <p>Each step is either raw bytes parsed as an RPC (what a peer may put on the wire) or an RPC
 * built from the input (subscriptions, signed and forged messages, IHAVE/IWANT/IDONTWANT of ids
 * seen so far, GRAFT, PRUNE with peer exchange), so that the router's deeper paths are reached
 * without a corpus.
 */
class RouterRpcFuzzTest {
  private static final GossipSubConfig CONFIG =
      GossipSubConfig.builder().degree(2, 1, 3).dOut(0).dScore(1).build();
  private static final List<String> TOPICS = List.of("a", "b", "c");
  private static final PrivateKey AUTHOR = Keys.generateEd25519();
  private static final int MAX_STEPS = 48;

  @FuzzTest
  void handle(FuzzedDataProvider data) {
    RouterHarness h = new RouterHarness(CONFIG);
    h.router.join("a");
    h.router.join("b");
    PeerId[] peers = {
      h.addPeer(Protocol.MESHSUB_V12, true),
      h.addPeer(Protocol.MESHSUB_V20, false),
      h.addPeer(Protocol.FLOODSUB, false)
    };
    List<ByteString> ids = new ArrayList<>();

    for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
      PeerId from = peers[data.consumeInt(0, peers.length - 1)];
      switch (data.consumeInt(0, 3)) {
        case 0 -> {
          h.heartbeat();
          checkMeshes(h);
        }
        case 1 -> {
          try {
            h.router.handleRpc(from, RPC.parseFrom(data.consumeBytes(data.consumeInt(0, 2048))));
          } catch (InvalidProtocolBufferException notAnRpc) {
            h.router.penalize(from, 1);
          }
        }
        default -> h.router.handleRpc(from, built(h, data, peers, ids));
      }
    }
    h.heartbeat();
    checkMeshes(h);

    Set<ByteString> delivered = new HashSet<>();
    for (Message m : h.delivered) {
      assertThat(m.getTopicList()).anyMatch(t -> h.router.topics().contains(t));
      assertThat(delivered.add(RouterHarness.id(m))).as("delivered twice").isTrue();
      assertThat(MessageSigning.verify(m, CONFIG.signaturePolicy()))
          .isEqualTo(MessageSigning.Verdict.OK);
    }
  }

  private static void checkMeshes(RouterHarness h) {
    for (String topic : h.router.topics()) {
      Set<PeerId> mesh = h.router.meshPeers(topic);
      assertThat(mesh).hasSizeLessThanOrEqualTo(CONFIG.dHigh());
      assertThat(h.router.peers(topic)).containsAll(mesh);
    }
  }

  private static RPC built(
      RouterHarness h, FuzzedDataProvider data, PeerId[] peers, List<ByteString> ids) {
    RPC.Builder rpc = RPC.newBuilder();
    ControlMessage.Builder control = ControlMessage.newBuilder();
    int parts = data.consumeInt(1, 4);
    for (int i = 0; i < parts; i++) {
      String topic = TOPICS.get(data.consumeInt(0, TOPICS.size() - 1));
      switch (data.consumeInt(0, 7)) {
        case 0 ->
            rpc.addSubscriptions(
                RPC.SubOpts.newBuilder().setSubscribe(data.consumeBoolean()).setTopicid(topic));
        case 1 -> {
          Message m = h.signed(AUTHOR, topic, data.consumeString(64));
          if (data.consumeBoolean()) {
            // a forged copy: same id, other data, the original signature
            m = m.toBuilder().setData(ByteString.copyFrom(data.consumeBytes(8))).build();
          }
          ids.add(RouterHarness.id(m));
          rpc.addPublish(m);
        }
        case 2 ->
            control.addIhave(
                ControlIHave.newBuilder().setTopicID(topic).addAllMessageIDs(some(data, ids)));
        case 3 -> control.addIwant(ControlIWant.newBuilder().addAllMessageIDs(some(data, ids)));
        case 4 ->
            control.addIdontwant(ControlIDontWant.newBuilder().addAllMessageIDs(some(data, ids)));
        case 5 -> control.addGraft(ControlGraft.newBuilder().setTopicID(topic));
        case 6 -> {
          ControlPrune.Builder prune =
              ControlPrune.newBuilder().setTopicID(topic).setBackoff(data.consumeLong());
          for (int p = data.consumeInt(0, 3); p > 0; p--) {
            PeerId px = data.consumeBoolean() ? peers[0] : RouterHarness.peer();
            prune.addPeers(
                PeerInfo.newBuilder()
                    .setPeerID(ByteString.copyFrom(px.toBytes()))
                    .setSignedPeerRecord(ByteString.copyFrom(data.consumeBytes(32))));
          }
          control.addPrune(prune);
        }
        default -> h.advanceMillis(data.consumeInt(0, 120_000));
      }
    }
    if (control.getIhaveCount()
            + control.getIwantCount()
            + control.getIdontwantCount()
            + control.getGraftCount()
            + control.getPruneCount()
        > 0) {
      rpc.setControl(control);
    }
    return rpc.build();
  }

  /** Up to 8 ids: seen ones (so IWANT and IDONTWANT hit the caches) and made-up ones. */
  private static List<ByteString> some(FuzzedDataProvider data, List<ByteString> ids) {
    List<ByteString> out = new ArrayList<>();
    for (int n = data.consumeInt(0, 8); n > 0; n--) {
      if (!ids.isEmpty() && data.consumeBoolean()) {
        out.add(ids.get(data.consumeInt(0, ids.size() - 1)));
      } else {
        out.add(ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 48))));
      }
    }
    return out;
  }
}
