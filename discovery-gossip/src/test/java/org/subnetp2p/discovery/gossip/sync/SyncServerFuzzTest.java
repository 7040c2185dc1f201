package org.subnetp2p.discovery.gossip.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesConnection;
import org.subnetp2p.core.testing.BytesStream;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.testing.TestRecords;
import org.subnetp2p.discovery.gossip.wire.FetchRequest;
import org.subnetp2p.discovery.gossip.wire.FetchResponse;
import org.subnetp2p.discovery.gossip.wire.InventoryResponse;
import org.subnetp2p.discovery.gossip.wire.NodeSnapshot;
import org.subnetp2p.discovery.gossip.wire.WireCodec;
import org.subnetp2p.discovery.gossip.wire.WireMessage;

/**
 * The DAG sync protocol's server ({@code /subnet/merkle_dag_sync_protocol/1.0.0}) against a client
 * that sends any bytes: it never throws, answers one well-formed request with exactly one frame
 * holding the matching response (no more nodes than its limit, only nodes it holds, the ids it
 * could not give in {@code not_found}) and resets the stream for anything else, counting each
 * request once, and reads no more than its request limit.
 *
 * <p>Input: byte 0 picks the form (even: raw stream bytes; odd: the rest is the request, framed by
 * the test), byte 1 the size of each read (1-256).
 */
class SyncServerFuzzTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final int MAX_REQUEST = 16 << 10;
  private static final SyncServer.Limits LIMITS =
      new SyncServer.Limits(MAX_REQUEST, 4, 64 << 10, Duration.ofSeconds(1), 4);
  private static final PeerId LOCAL =
      PeerId.fromPublicKey(Keys.ed25519PrivateKey(seed(5)).publicKey());
  private static final Set<String> HELD = new HashSet<>();
  private static final DagStore STORE = chain();
  private static final Json.Limits JSON = new Json.Limits(Integer.MAX_VALUE, 32);

  /** A chain of six records, root first, so that ancestors and the node limit come into play. */
  private static DagStore chain() {
    DagStore store = new DagStore(100, 1 << 20);
    PrivateKey author = Keys.ed25519PrivateKey(seed(6));
    List<String> parents = List.of();
    for (int i = 0; i < 6; i++) {
      DagNode node = TestRecords.node(author, parents, NOW - 1000 + i);
      try {
        store.add(node, DagNodes.verify(node));
      } catch (RecordException e) {
        throw new IllegalStateException("a record made here does not verify", e);
      }
      HELD.add(node.id());
      parents = List.of(node.id());
    }
    return store;
  }

  private static byte[] seed(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }

  @FuzzTest
  void serve(byte[] input) throws Exception {
    boolean framed = input.length > 0 && (input[0] & 1) == 1;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] data = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    byte[] wire = framed ? frame(data) : data;

    // Built inside the measured code, which runs again when classes were loaded during it.
    record Served(Counters counters, BytesStream stream) {}
    Served served =
        Allocations.atMost(
            4 * Allocations.SLACK + 256L * wire.length,
            () -> {
              Counters fresh = new Counters();
              BytesStream client =
                  new BytesStream(SyncServer.PROTOCOL_ID, BytesConnection.anonymous(), wire, piece);
              new SyncServer(LOCAL, STORE, fresh, LIMITS, 60_000, () -> NOW).handle(client);
              return new Served(fresh, client);
            });
    Counters counters = served.counters();
    BytesStream stream = served.stream();

    assertThat(counters.syncServed.sum() + counters.syncRefused.sum()).isEqualTo(1);
    assertThat(wire.length - stream.unread()).isLessThanOrEqualTo(Varint.MAX_BYTES + MAX_REQUEST);
    byte[] written = stream.written();
    if (stream.wasReset()) {
      assertThat(written).isEmpty();
      assertThat(counters.syncRefused.sum()).isEqualTo(1);
      return;
    }
    assertThat(counters.syncServed.sum()).isEqualTo(1);
    byte[] body = Frames.read(BytesStream.of(written), Integer.MAX_VALUE);
    assertThat(written).hasSize(Varint.encodedLength(body.length) + body.length); // one frame
    WireMessage response = WireCodec.decode(body, JSON);
    WireMessage request =
        WireCodec.decode(Frames.read(BytesStream.of(wire), Integer.MAX_VALUE), JSON);
    assertThat(response.messageId()).isEqualTo(request.messageId());
    assertThat(response.peerId()).isEqualTo(LOCAL.toBase58());
    if (request instanceof FetchRequest fetch) {
      FetchResponse answer = (FetchResponse) response;
      assertThat(answer.nodes()).hasSizeLessThanOrEqualTo(LIMITS.maxResponseNodes());
      for (NodeSnapshot snapshot : answer.nodes()) {
        assertThat(HELD).contains(snapshot.header().nodeId());
        assertThat(snapshot.body().isPresent()).isEqualTo(fetch.includeBodies());
      }
      assertThat(fetch.nodeIds()).containsAll(answer.notFound());
    } else {
      assertThat(response).isInstanceOf(InventoryResponse.class);
    }
  }

  private static byte[] frame(byte[] body) {
    byte[] prefix = Varint.encode(body.length);
    byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }
}
