package org.subnetp2p.bench.gossipsub;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.pb.ControlGraft;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.wire.MessageSigning;

/**
 * A misbehaving peer: over its own pubsub stream to each neighbour (which replaces its honest one
 * at the neighbour), it sends either messages whose signature does not verify, or gossip spam
 * (IHAVE for ids it never delivers, IWANT floods, GRAFTs for unknown topics), every {@code period}.
 */
final class Attacker {
  /** What the attacker sends. */
  enum Kind {
    INVALID,
    SPAM
  }

  private final Host host;
  private final PrivateKey key;
  private final Kind kind;
  private final String topic;
  private final Random random;
  private final List<Stream> streams = new ArrayList<>();
  private final java.util.Set<PeerId> victims = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;
  private long seq;

  Attacker(Host host, PrivateKey key, Kind kind, String topic, long seed) {
    this.host = host;
    this.key = key;
    this.kind = kind;
    this.topic = topic;
    this.random = new Random(seed);
  }

  /** Opens the attack streams and floods on a virtual thread until {@link #stop()}. */
  void start(Duration period) throws Exception {
    for (Connection c : host.connections()) {
      try {
        streams.add(c.newStream(List.of(GossipSubConfig.MESHSUB_V12)).get(10, TimeUnit.SECONDS));
        victims.add(c.remotePeer());
      } catch (Exception e) {
        // a neighbour that went away; attack the others
      }
    }
    Thread.ofVirtual()
        .name("attacker " + host.peerId())
        .start(
            () -> {
              while (!stopped) {
                for (Stream s : streams) {
                  try {
                    frame(s, next());
                  } catch (IOException e) {
                    // the victim reset us: exactly what it should do
                  }
                }
                try {
                  Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  void stop() {
    stopped = true;
    streams.forEach(Stream::reset);
  }

  /** Spam RPCs built once and sent in turn: building them would cost the attacker the most. */
  private final List<RPC> spam = new ArrayList<>();

  private int sent;

  private RPC next() {
    if (kind == Kind.INVALID) {
      return invalid();
    }
    if (spam.size() < 4) {
      spam.add(spam());
    }
    return spam.get(sent++ % spam.size());
  }

  private RPC invalid() {
    Message m =
        Message.newBuilder()
            .setFrom(ByteString.copyFrom(host.peerId().toBytes()))
            .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(++seq).array()))
            .addTopic(topic)
            .setData(ByteString.copyFromUtf8("original"))
            .build();
    Message forged =
        MessageSigning.sign(m, key).toBuilder().setData(ByteString.copyFromUtf8("forged")).build();
    return RPC.newBuilder().addPublish(forged).build();
  }

  private RPC spam() {
    ControlIHave.Builder ihave = ControlIHave.newBuilder().setTopicID(topic);
    for (int i = 0; i < 1000; i++) {
      byte[] id = new byte[46];
      random.nextBytes(id);
      ihave.addMessageIDs(ByteString.copyFrom(id));
    }
    ControlIWant.Builder iwant = ControlIWant.newBuilder();
    for (int i = 0; i < 100; i++) {
      byte[] id = new byte[46];
      random.nextBytes(id);
      iwant.addMessageIDs(ByteString.copyFrom(id));
    }
    ControlMessage.Builder control = ControlMessage.newBuilder().addIhave(ihave).addIwant(iwant);
    for (int i = 0; i < 20; i++) {
      control.addGraft(ControlGraft.newBuilder().setTopicID("bogus-" + random.nextInt(1000)));
    }
    return RPC.newBuilder().setControl(control).build();
  }

  private static void frame(Stream s, RPC rpc) throws IOException {
    byte[] body = rpc.toByteArray();
    byte[] len = Varint.encode(body.length);
    byte[] out = new byte[len.length + body.length];
    System.arraycopy(len, 0, out, 0, len.length);
    System.arraycopy(body, 0, out, len.length, body.length);
    s.write(out);
  }

  PeerId peerId() {
    return host.peerId();
  }

  /** The neighbours this attacker has an attack stream to. */
  java.util.Set<PeerId> victims() {
    return victims;
  }
}
