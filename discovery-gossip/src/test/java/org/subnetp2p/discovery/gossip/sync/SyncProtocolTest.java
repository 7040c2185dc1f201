package org.subnetp2p.discovery.gossip.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.json.JsonFields;
import org.subnetp2p.discovery.gossip.json.JsonNull;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.testing.IntakeHarness;
import org.subnetp2p.discovery.gossip.testing.TestKeys;
import org.subnetp2p.discovery.gossip.testing.TestRecords;
import org.subnetp2p.discovery.gossip.wire.FetchResponse;
import org.subnetp2p.discovery.gossip.wire.InventoryResponse;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * The sync protocol between two real hosts over TCP (Noise, Yamux): one serves its DAG store, the
 * other learns from it as a new node does, and hostile requests are refused without stopping the
 * service.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SyncProtocolTest {
  private static final long WINDOW = 60_000;
  private static final Duration SERVER_TIMEOUT = Duration.ofSeconds(2);

  private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
  private Host server;
  private Host client;
  private final DagStore served = new DagStore(1_000, 32L << 20);
  private final Counters serverCounters = new Counters();
  private IntakeHarness learner;
  private SyncClient syncClient;
  private DagSynchronizer synchronizer;

  @BeforeEach
  void startHosts() throws Exception {
    server = startHost();
    client = startHost();
    server.setStreamHandler(
        SyncServer.PROTOCOL_ID,
        new SyncServer(
            server.peerId(),
            served,
            serverCounters,
            new SyncServer.Limits(1 << 20, 1024, 8 << 20, SERVER_TIMEOUT, 16),
            WINDOW,
            now::get));
    learner = new IntakeHarness(client.peerId(), 1, WINDOW, now::get, 1_000, 10_000, 32L << 20);
    syncClient = new SyncClient(client, Duration.ofSeconds(20), 16 << 20, now::get);
    synchronizer =
        new DagSynchronizer(
            syncClient,
            learner.store,
            learner.intake,
            learner.counters,
            () -> List.of(server.peerId()),
            now::get,
            WINDOW,
            Duration.ofSeconds(20),
            2048);
    client.connect(server.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeHosts() {
    synchronizer.close();
    client.close();
    server.close();
  }

  private static Host startHost() throws IOException {
    Host host =
        Hosts.create(
            HostConfig.builder(TestKeys.key())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .build());
    host.start();
    return host;
  }

  private DagNode serve(DagNode node) throws RecordException {
    served.add(node, DagNodes.verify(node));
    return node;
  }

  @Test
  void aNewNodeLearnsTheSubnetsRecentRecordsAndTheirHistoryAtOnce() throws Exception {
    PrivateKey p1 = TestKeys.key();
    PrivateKey p2 = TestKeys.key();
    PrivateKey p3 = TestKeys.key();
    long t = now.get();
    DagNode history = serve(TestRecords.node(p1, List.of(), t - 200_000));
    DagNode r1 = serve(TestRecords.node(p1, List.of(history.id()), t - 15_000));
    DagNode r2 = serve(TestRecords.node(p2, List.of(), t - 10_000));
    DagNode r3 = serve(TestRecords.node(p3, List.of(r1.id(), r2.id()), t - 5_000));

    int taken = synchronizer.syncWith(server.peerId());

    assertThat(taken).isEqualTo(4);
    for (DagNode n : List.of(history, r1, r2, r3)) {
      assertThat(learner.store.contains(n.id())).isTrue();
    }
    assertThat(learner.cache.live(now.get()))
        .extracting(p -> p.peerId())
        .containsExactlyInAnyOrder(TestKeys.peerOf(p1), TestKeys.peerOf(p2), TestKeys.peerOf(p3));
    assertThat(learner.store.summary(now.get(), WINDOW).headIds()).containsExactly(r3.id());
    assertThat(serverCounters.syncServed.sum()).isEqualTo(4); // inventory, then 3 fetch rounds
  }

  @Test
  void theWorkerTakesAPeersInventoryWhenItConnects() throws Exception {
    DagNode record = serve(TestRecords.node(TestKeys.key(), List.of(), now.get() - 1_000));
    synchronizer.start();

    synchronizer.inventory(server.peerId());

    Awaitility.await("the record learned")
        .atMost(Duration.ofSeconds(60))
        .until(() -> learner.store.contains(record.id()));
    assertThat(learner.cache.live(now.get())).hasSize(1);
  }

  @Test
  void missingParentsAreFetchedFromTheSenderAndGivenUpWhenNobodyHasThem() throws Exception {
    PrivateKey p1 = TestKeys.key();
    DagNode parent = serve(TestRecords.node(p1, List.of(), now.get() - 30_000));
    DagNode lost = TestRecords.node(p1, List.of(), now.get() - 25_000);
    DagNode child =
        TestRecords.node(TestKeys.key(), List.of(parent.id(), lost.id()), now.get() - 1_000);
    learner.intake.onFetched(child);
    assertThat(learner.store.missingParents(10)).hasSize(2);

    int taken = synchronizer.fetchParents(List.of(server.peerId()));

    assertThat(taken).isEqualTo(1);
    assertThat(learner.store.contains(parent.id())).isTrue();
    assertThat(learner.store.missingParents(10)).isEmpty(); // the lost one was given up
  }

  @Test
  void fetchesAreAnsweredInSubnetTemplatesShape() throws Exception {
    PrivateKey p1 = TestKeys.key();
    DagNode a = serve(TestRecords.node(p1, List.of(), now.get() - 2_000));
    String unknown = "sha256:" + "f".repeat(64);
    // What subnet-template's coordinator sends, written out by hand.
    String request =
        "{\"created_at_ms\":1,\"include_bodies\":false,\"kind\":\"fetch_request\","
            + "\"max_ancestor_depth\":0,\"message_id\":\"fetch:x:y:1\",\"namespace\":"
            + "\"general-dag\",\"node_ids\":[\""
            + unknown
            + "\",\""
            + a.id()
            + "\",\""
            + unknown
            + "\"],\"peer_id\":\""
            + client.peerId().toBase58()
            + "\"}";

    byte[] answer = exchange(frame(request.getBytes(StandardCharsets.US_ASCII)));

    Map<String, Object> json =
        JsonFields.object(Json.parse(answer, new Json.Limits(1 << 20, 32)), "answer");
    assertThat(json.get("kind")).isEqualTo("fetch_response");
    assertThat(json.get("message_id")).isEqualTo("fetch:x:y:1");
    assertThat(json.get("peer_id")).isEqualTo(server.peerId().toBase58());
    assertThat(json.get("not_found")).isEqualTo(List.of(unknown, unknown));
    List<?> nodes = (List<?>) json.get("nodes");
    assertThat(nodes).hasSize(1);
    Map<?, ?> snapshot = (Map<?, ?>) nodes.get(0);
    assertThat(snapshot.get("body")).isEqualTo(JsonNull.INSTANCE); // no body was asked for
    assertThat(((Map<?, ?>) snapshot.get("header")).get("node_id")).isEqualTo(a.id());
    FetchResponse decoded = (FetchResponse) WireCodec.decode(answer, new Json.Limits(1 << 20, 32));
    assertThat(DagNodes.signingBytes(decoded.nodes().get(0).header()))
        .isEqualTo(DagNodes.signingBytes(a.header()));
  }

  @Test
  void hostileRequestsAreRefusedAndTheServerKeepsServing() throws Exception {
    serve(TestRecords.node(TestKeys.key(), List.of(), now.get() - 1_000));
    byte[] tooLong = Varint.encode(100L << 20);
    byte[] otherNamespace =
        frame(
            ("{\"created_at_ms\":1,\"kind\":\"inventory_request\",\"known_heads\":[],"
                    + "\"message_id\":\"m\",\"namespace\":\"other\",\"node_count\":0,"
                    + "\"peer_id\":\"p\"}")
                .getBytes(StandardCharsets.US_ASCII));

    for (byte[] bad :
        List.of(frame("hello".getBytes(StandardCharsets.US_ASCII)), tooLong, otherNamespace)) {
      assertThatThrownBy(() -> exchange(bad)).isInstanceOf(IOException.class);
    }
    // A client that opens a stream and says nothing is cut off at the server's deadline.
    assertThatThrownBy(() -> exchange(new byte[0])).isInstanceOf(IOException.class);

    InventoryResponse inventory =
        syncClient.inventory(server.peerId(), learner.store.summary(now.get(), WINDOW));
    assertThat(inventory.summary().headIds()).hasSize(1);
    assertThat(serverCounters.syncRefused.sum()).isEqualTo(4);
    assertThat(serverCounters.syncServed.sum()).isEqualTo(1);
  }

  /** Sends {@code bytes} on a new sync stream and reads one framed answer. */
  private byte[] exchange(byte[] bytes) throws IOException {
    Stream stream;
    try {
      stream =
          client
              .newStream(server.peerId(), List.of(SyncServer.PROTOCOL_ID))
              .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    try {
      stream.setReadDeadline(Instant.now().plus(SERVER_TIMEOUT.multipliedBy(10)));
      if (bytes.length > 0) {
        stream.write(bytes);
      }
      return Frames.read(stream, 16 << 20);
    } finally {
      stream.close();
    }
  }

  private static byte[] frame(byte[] payload) {
    byte[] prefix = Varint.encode(payload.length);
    byte[] out = new byte[prefix.length + payload.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(payload, 0, out, prefix.length, payload.length);
    return out;
  }
}
