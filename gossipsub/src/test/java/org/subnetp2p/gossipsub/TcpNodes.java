package org.subnetp2p.gossipsub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.NettyHost;

/** Real hosts on 127.0.0.1 (TCP, Noise, Yamux), each with a GossipSub; all closed at the end. */
final class TcpNodes implements AutoCloseable {
  /** A fast heartbeat, so meshes form quickly in tests; every wait still has a generous bound. */
  static final GossipSubConfig FAST =
      GossipSubConfig.builder()
          .heartbeatInterval(Duration.ofMillis(100))
          .heartbeatInitialDelay(Duration.ofMillis(50))
          .build();

  /** One host with its key and pubsub. */
  record Node(NettyHost host, PrivateKey key, GossipSub pubsub) {
    Multiaddr address() {
      return host.dialableAddresses().get(0);
    }
  }

  private final List<Node> nodes = new ArrayList<>();

  Node start() throws IOException {
    return start(FAST);
  }

  Node start(GossipSubConfig config) throws IOException {
    return start(config, b -> b);
  }

  Node start(GossipSubConfig config, UnaryOperator<HostConfig.Builder> tune) throws IOException {
    return start(Keys.generateEd25519(), config, tune);
  }

  /** A node with the identity {@code key}: e.g. a peer restarted in a new process. */
  Node start(PrivateKey key, GossipSubConfig config, UnaryOperator<HostConfig.Builder> tune)
      throws IOException {
    NettyHost host =
        new NettyHost(
            tune.apply(HostConfig.builder(key).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                .build());
    GossipSub pubsub = GossipSub.create(host, key, config);
    host.start();
    Node n = new Node(host, key, pubsub);
    nodes.add(n);
    return n;
  }

  static void connect(Node a, Node b) throws Exception {
    a.host().connect(b.address()).get(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.pubsub().close();
    }
    for (Node n : nodes) {
      n.host().close();
    }
  }
}
