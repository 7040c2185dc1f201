package org.subnetp2p.gossipsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.pubsub.ValidationResult;

/** GossipSub between Java nodes over real TCP + Noise + Yamux. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GossipSubTcpTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final TcpNodes nodes = new TcpNodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  /** README's example, with a free loopback port: it compiles and runs as written. */
  @Test
  void theReadmeExampleRuns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    PrivateKey key = KeyFiles.loadOrCreate(dir.resolve("identity.key"));
    try (Host host =
            Hosts.create(
                HostConfig.builder(key).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
        GossipSub pubsub = GossipSub.create(host, key, GossipSubConfig.defaults())) {
      host.start();
      pubsub.addValidator(
          "peer_state",
          (from, m) -> m.data().length <= 4096 ? ValidationResult.ACCEPT : ValidationResult.REJECT);
      pubsub.subscribe(
          "peer_state",
          m -> System.out.println(m.from() + ": " + new String(m.data(), StandardCharsets.UTF_8)));
      pubsub.publish("peer_state", "hello".getBytes(StandardCharsets.UTF_8)).get();
      assertThat(pubsub.topics()).containsExactly("peer_state");
    }
  }

  @Test
  void aPublishAboveTheMaximumPayloadIsRefusedWithAClearError() throws Exception {
    TcpNodes.Node a = nodes.start();
    int max = a.pubsub().config().maxMessageSize();
    var refused = a.pubsub().publish("t", new byte[max + 1]);
    assertThat(refused)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(org.subnetp2p.core.protocol.MessageTooLargeException.class)
        .withMessage(
            "message data of " + (max + 1) + " bytes exceeds the maximum of " + max + " bytes");
    a.pubsub().publish("t", new byte[max]).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMessageCrossesALineOfThreeNodes() throws Exception {
    TcpNodes.Node a = nodes.start();
    TcpNodes.Node b = nodes.start();
    TcpNodes.Node c = nodes.start();
    List<PubSub.Message> atB = new CopyOnWriteArrayList<>();
    List<PubSub.Message> atC = new CopyOnWriteArrayList<>();
    b.pubsub().subscribe("t", atB::add);
    c.pubsub().subscribe("t", atC::add);
    TcpNodes.connect(a, b);
    TcpNodes.connect(b, c);
    await().atMost(WAIT).until(() -> c.pubsub().meshPeers("t").contains(b.host().peerId()));
    await().atMost(WAIT).until(() -> a.pubsub().peers("t").contains(b.host().peerId()));

    a.pubsub().publish("t", "hello".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);

    await().atMost(WAIT).until(() -> atC.size() == 1);
    assertThat(new String(atC.get(0).data(), UTF_8)).isEqualTo("hello");
    assertThat(atC.get(0).from()).isEqualTo(a.host().peerId());
    assertThat(atC.get(0).topic()).isEqualTo("t");
    assertThat(atB).hasSize(1);
    assertThat(a.pubsub().protocolOf(b.host().peerId())).contains(GossipSubConfig.MESHSUB_V20);
  }

  /**
   * A peer that comes back in a new process (same identity) while we still hold its old connection
   * keeps its pubsub state here across the switch of connections, but the new process knows
   * nothing: each new stream of ours must begin with our subscriptions, or it never learns that we
   * subscribe, sends us nothing and answers our GRAFTs with PRUNEs.
   */
  @Test
  void aPeerBackInANewProcessLearnsOurSubscriptionsAgain() throws Exception {
    TcpNodes.Node a = nodes.start();
    TcpNodes.Node before = nodes.start();
    List<PubSub.Message> atA = new CopyOnWriteArrayList<>();
    a.pubsub().subscribe("t", atA::add);
    before.pubsub().subscribe("t", m -> {});
    TcpNodes.connect(before, a);
    await().atMost(WAIT).until(() -> a.pubsub().meshPeers("t").contains(before.host().peerId()));

    // Its dial replaces the old connection at a (the same peer dialled again: the newer wins).
    TcpNodes.Node after = nodes.start(before.key(), TcpNodes.FAST, b -> b);
    after.pubsub().subscribe("t", m -> {});
    TcpNodes.connect(after, a);

    await().atMost(WAIT).until(() -> after.pubsub().meshPeers("t").contains(a.host().peerId()));
    after.pubsub().publish("t", "after the restart".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> atA.size() == 1);
    assertThat(new String(atA.get(0).data(), UTF_8)).isEqualTo("after the restart");
  }

  /**
   * A publisher that closes right after its publishes were written still gets every message to its
   * subscriber: its transport sends what was written before closing the connection, the
   * subscriber's session keeps what arrived for the reader after the end, and its reader takes it
   * all before the publisher leaves its router. The subscriber reads one RPC at a time, so most
   * frames are still unread when the connection ends.
   */
  @Test
  void aPublisherThatClosesAtOnceLosesNothing() throws Exception {
    int count = 300;
    TcpNodes.Node publisher = nodes.start();
    TcpNodes.Node subscriber =
        nodes.start(
            TcpNodes.FAST.toBuilder()
                .maxInflightRpcsPerPeer(1)
                .subscriptionQueueSize(4096)
                .build());
    List<PubSub.Message> received = new CopyOnWriteArrayList<>();
    subscriber.pubsub().subscribe("t", received::add);
    TcpNodes.connect(publisher, subscriber);
    await()
        .atMost(WAIT)
        .until(() -> publisher.pubsub().peers("t").contains(subscriber.host().peerId()));

    List<java.util.concurrent.CompletableFuture<Void>> written = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      written.add(publisher.pubsub().publish("t", ("message " + i).getBytes(UTF_8)));
    }
    for (var w : written) {
      w.get(10, TimeUnit.SECONDS);
    }
    publisher.pubsub().close();
    publisher.host().close();

    await().atMost(WAIT).untilAsserted(() -> assertThat(received).hasSize(count));
  }

  /**
   * A publisher that is gone before the subscriber's router thread got to it: the router learns of
   * the peer (queued when its stream arrived), then of the RPCs its reader took, then of its
   * leaving, in that order, however late the thread runs. The thread is held here until the
   * subscriber has seen the connection close; a fast publisher on a busy machine is the same race
   * (FaultsIT lost the messages of publishers on the subscriber's own machine that way).
   */
  @Test
  void aPublisherGoneBeforeTheRouterThreadRanIsStillHeard() throws Exception {
    TcpNodes.Node publisher = nodes.start();
    TcpNodes.Node subscriber = nodes.start();
    List<PubSub.Message> received = new CopyOnWriteArrayList<>();
    subscriber.pubsub().subscribe("t", received::add);
    CountDownLatch publisherGone = new CountDownLatch(1);
    subscriber
        .host()
        .addConnectionListener(
            new ConnectionListener() {
              @Override
              public void disconnected(Connection c) {
                if (c.remotePeer().equals(publisher.host().peerId())) {
                  publisherGone.countDown();
                }
              }
            });
    CountDownLatch release = new CountDownLatch(1);
    subscriber.pubsub().runOnRouterThread(() -> awaitQuietly(release));
    try {
      TcpNodes.connect(publisher, subscriber);
      await()
          .atMost(WAIT)
          .until(() -> publisher.pubsub().peers("t").contains(subscriber.host().peerId()));
      publisher.pubsub().publish("t", "early".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
      publisher.pubsub().close();
      publisher.host().close();
      assertThat(publisherGone.await(30, TimeUnit.SECONDS)).as("the subscriber saw it go").isTrue();
    } finally {
      release.countDown();
    }

    await().atMost(WAIT).untilAsserted(() -> assertThat(received).hasSize(1));
    await()
        .atMost(WAIT)
        .until(() -> !subscriber.pubsub().pubsubPeers().contains(publisher.host().peerId()));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
