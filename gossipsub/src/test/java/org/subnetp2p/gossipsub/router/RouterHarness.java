package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.wire.MessageSigning;
import org.subnetp2p.gossipsub.wire.Protocol;
import org.subnetp2p.gossipsub.wire.RpcEncoder;

/**
 * A router with a hand-driven clock and a recording output: tests feed it RPCs and heartbeats and
 * read back what it sent, validated and delivered. Validation is answered by the test (or at once
 * with ACCEPT when {@code autoAccept} is set).
 */
final class RouterHarness implements RouterOutput {
  final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  final GossipSubConfig config;
  final Router router;
  final Map<PeerId, List<RPC>> sent = new HashMap<>();
  final List<PendingMessage> pending = new ArrayList<>();
  final List<Message> delivered = new ArrayList<>();
  final List<PeerId> connects = new ArrayList<>();
  boolean autoAccept = true;
  private long seq;

  RouterHarness(GossipSubConfig config) {
    this.config = config;
    this.router =
        new Router(config, this, new RpcEncoder(config.maxRpcSize()), now::get, new Random(42));
  }

  static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  }

  /** A connected peer speaking {@code protocol}, subscribed to {@code topics}. */
  PeerId addPeer(Protocol protocol, boolean outbound, String... topics) {
    PeerId p = peer();
    router.addPeer(p, protocol, outbound, null);
    if (topics.length > 0) {
      RPC.Builder rpc = RPC.newBuilder();
      for (String t : topics) {
        rpc.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(t));
      }
      router.handleRpc(p, rpc.build());
    }
    return p;
  }

  void advanceMillis(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  void heartbeat() {
    advanceMillis(config.heartbeatInterval().toMillis());
    router.heartbeat();
  }

  /** A message on {@code topic} signed by a fresh author. */
  Message signed(String topic, String data) {
    return signed(Keys.generateEd25519(), topic, data);
  }

  Message signed(PrivateKey author, String topic, String data) {
    Message unsigned =
        Message.newBuilder()
            .setFrom(ByteString.copyFrom(PeerId.fromPublicKey(author.publicKey()).toBytes()))
            .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(++seq).array()))
            .addTopic(topic)
            .setData(ByteString.copyFromUtf8(data))
            .build();
    return MessageSigning.sign(unsigned, author);
  }

  static ByteString id(Message m) {
    return m.getFrom().concat(m.getSeqno());
  }

  void receive(PeerId from, Message... messages) {
    RPC.Builder rpc = RPC.newBuilder();
    for (Message m : messages) {
      rpc.addPublish(m);
    }
    router.handleRpc(from, rpc.build());
  }

  void receiveControl(PeerId from, ControlMessage control) {
    router.handleRpc(from, RPC.newBuilder().setControl(control).build());
  }

  /** Everything sent to {@code peer} so far, and forgets it. */
  List<RPC> drain(PeerId peer) {
    List<RPC> out = sent.getOrDefault(peer, new ArrayList<>());
    sent.remove(peer);
    return out;
  }

  List<Message> messagesSentTo(PeerId peer) {
    return sent.getOrDefault(peer, List.of()).stream()
        .flatMap(r -> r.getPublishList().stream())
        .toList();
  }

  ControlMessage controlSentTo(PeerId peer) {
    ControlMessage.Builder all = ControlMessage.newBuilder();
    for (RPC r : sent.getOrDefault(peer, List.of())) {
      all.mergeFrom(r.getControl());
    }
    return all.build();
  }

  void clearSent() {
    sent.clear();
  }

  @Override
  public void send(PeerId peer, byte[] rpc, boolean control, CompletableFuture<Void> written) {
    try {
      sent.computeIfAbsent(peer, p -> new ArrayList<>()).add(RPC.parseFrom(rpc));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the router sent an undecodable RPC", e);
    }
    if (rpc.length > config.maxRpcSize()) {
      throw new AssertionError("the router sent an RPC of " + rpc.length + " bytes");
    }
    if (written != null) {
      written.complete(null);
    }
  }

  @Override
  public void validate(PendingMessage p) {
    if (autoAccept) {
      Verdict v =
          MessageSigning.verify(p.message(), config.signaturePolicy()) == MessageSigning.Verdict.OK
              ? Verdict.ACCEPT
              : Verdict.REJECT_SIGNATURE;
      router.validated(p, v);
    } else {
      pending.add(p);
    }
  }

  @Override
  public void deliver(String topic, Message message, ByteString id, PeerId receivedFrom) {
    delivered.add(message);
  }

  @Override
  public void connect(PeerId peer, ByteString signedRecord) {
    connects.add(peer);
  }
}
