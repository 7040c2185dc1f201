package org.subnetp2p.gossipsub;

import com.google.protobuf.ByteString;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.wire.MessageSigning;
import org.subnetp2p.gossipsub.wire.RpcFrames;
import org.subnetp2p.transport.host.NettyHost;

/**
 * A hand-driven pubsub peer on a real host: it writes whatever frames a test wants on its own
 * stream to a victim, and records the RPCs the victim sends back on the victim's stream.
 */
final class RawPeer implements AutoCloseable {
  final PrivateKey key = Keys.generateEd25519();
  final NettyHost host;
  final List<RPC> received = new CopyOnWriteArrayList<>();
  private final AtomicLong seq = new AtomicLong();
  private Stream out;

  RawPeer(String protocol) throws IOException {
    host =
        new NettyHost(
            HostConfig.builder(key).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
    host.setStreamHandler(protocol, this::record);
    host.start();
  }

  PeerId peerId() {
    return host.peerId();
  }

  /** Connects to {@code victim} and opens a pubsub stream of {@code protocol} to it. */
  void open(Multiaddr victim, String protocol) throws Exception {
    var conn = host.connect(victim).get(20, TimeUnit.SECONDS);
    out = conn.newStream(List.of(protocol)).get(20, TimeUnit.SECONDS);
  }

  private void record(Stream s) throws IOException {
    InputStream in = new BufferedInputStream(s.inputStream());
    while (true) {
      byte[] frame = RpcFrames.read(in, 64 * 1024 * 1024);
      if (frame == null) {
        return;
      }
      received.add(RPC.parseFrom(frame));
    }
  }

  /** Writes {@code body} as one length-prefixed frame. */
  void frame(byte[] body) throws IOException {
    out.write(Varint.encode(body.length));
    out.write(body);
  }

  void rpc(RPC rpc) throws IOException {
    frame(rpc.toByteArray());
  }

  /** Writes raw bytes, framing included or not. */
  void raw(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  void subscribe(String topic) throws IOException {
    rpc(
        RPC.newBuilder()
            .addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(topic))
            .build());
  }

  /** A message on {@code topic} whose author is {@code author}, signed by {@code signer}. */
  Message message(PrivateKey signer, PeerId author, String topic, String data, boolean sign) {
    Message m =
        Message.newBuilder()
            .setFrom(ByteString.copyFrom(author.toBytes()))
            .setSeqno(
                ByteString.copyFrom(ByteBuffer.allocate(8).putLong(seq.incrementAndGet()).array()))
            .addTopic(topic)
            .setData(ByteString.copyFromUtf8(data))
            .build();
    return sign ? MessageSigning.sign(m, signer) : m;
  }

  Message signedMessage(String topic, String data) {
    return message(key, peerId(), topic, data, true);
  }

  long messagesReceived() {
    return received.stream().mapToLong(RPC::getPublishCount).sum();
  }

  @Override
  public void close() {
    host.close();
  }
}
