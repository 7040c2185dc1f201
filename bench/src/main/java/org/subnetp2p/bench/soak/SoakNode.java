package org.subnetp2p.bench.soak;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.gossipsub.GossipSub;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadDiscovery;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskRunner;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import org.subnetp2p.transport.host.NettyHost;

/**
 * One node of the soak, as the node app assembles it: a Netty host on loopback TCP serving the task
 * protocol, the Kademlia DHT in server mode as the discovery behind calls by peer id, and GossipSub
 * on one topic. One incarnation: a restart is a new SoakNode (same or new identity, new port).
 */
final class SoakNode implements AutoCloseable {
  static final String TOPIC = "soak";

  final int index;
  final int incarnation;
  final long startedNanos;
  final PrivateKey key;
  private final NettyHost host;
  private final TaskProtocol tasks;
  private final KadDiscovery discovery;
  private final GossipSub gossip;

  private SoakNode(
      int index,
      int incarnation,
      PrivateKey key,
      NettyHost host,
      TaskProtocol tasks,
      KadDiscovery discovery,
      GossipSub gossip) {
    this.index = index;
    this.incarnation = incarnation;
    this.startedNanos = System.nanoTime();
    this.key = key;
    this.host = host;
    this.tasks = tasks;
    this.discovery = discovery;
    this.gossip = gossip;
  }

  /** Starts a node listening on a fresh loopback port; it delivers gossip to {@code ledger}. */
  static SoakNode start(
      int index, int incarnation, PrivateKey key, Duration callTimeout, GossipLedger ledger)
      throws IOException {
    NettyHost host =
        new NettyHost(
            HostConfig.builder(key)
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .dialTimeout(Duration.ofSeconds(5))
                .build());
    TaskProtocol tasks =
        TaskProtocol.serve(
            host,
            TaskRunner.UPPER_CASE,
            RequestResponseOptions.DEFAULTS.withCallTimeout(callTimeout));
    GossipSub gossip = GossipSub.create(host, key, GossipSubConfig.builder().build());
    KadDiscovery discovery =
        new KadDiscovery(
            KadConfig.builder()
                .mode(KadMode.SERVER)
                .startupRefresh(false) // refreshed once joined, see join()
                .requestTimeout(Duration.ofSeconds(5))
                .lookupTimeout(Duration.ofSeconds(20))
                .build());
    try {
      host.start();
      discovery.start(host);
      host.addDiscovery(discovery);
      gossip.subscribe(
          TOPIC, m -> ledger.delivered(index, incarnation, ByteBuffer.wrap(m.data()).getLong()));
    } catch (IOException | RuntimeException e) {
      gossip.close();
      discovery.close();
      tasks.close();
      host.close();
      throw e;
    }
    return new SoakNode(index, incarnation, key, host, tasks, discovery, gossip);
  }

  /** Dials the seeds and refreshes the routing table; completes when both have. */
  CompletableFuture<Void> join(List<Multiaddr> seeds) {
    CompletableFuture<?>[] dials =
        seeds.stream()
            .filter(a -> !a.peerId().orElseThrow().equals(peerId()))
            .map(host::connect)
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(dials).thenCompose(x -> dht().refresh());
  }

  PeerId peerId() {
    return host.peerId();
  }

  Multiaddr address() {
    return host.dialableAddresses().get(0);
  }

  int connections() {
    return host.connections().size();
  }

  KadDht dht() {
    return discovery.dht().orElseThrow();
  }

  CompletableFuture<TaskResponse> call(PeerId target, String taskId, ByteString payload) {
    return tasks.callRemote(target, taskId, payload);
  }

  CompletableFuture<Void> publish(long seq) {
    return gossip.publish(TOPIC, ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
  }

  @Override
  public void close() {
    gossip.close();
    discovery.close();
    tasks.close();
    host.close();
  }
}
