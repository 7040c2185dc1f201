package org.subnetp2p.discovery.gossip.peerstate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.discovery.gossip.KnownPeer;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.testing.IntakeHarness;
import org.subnetp2p.discovery.gossip.testing.TestRecords;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * Heartbeat record intake on any input: a topic message of any bytes, or a record that its sender
 * really signed around a fuzzed payload (so the checks behind the signature are reached), delivered
 * live or fetched through the sync protocol. The intake never throws, counts each message exactly
 * once under its outcome, gives a reason for every refusal, and caches a peer only at an address
 * that names it.
 *
 * <p>Input: byte 0 picks the case (modulo 3: topic message; signed record on the topic; signed
 * record fetched), the rest is the message, or the payload: JSON, or else the text of the payload's
 * {@code multiaddr}.
 */
class RecordIntakeFuzzTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final long WINDOW = 60_000;
  private static final PrivateKey SENDER_KEY = Keys.ed25519PrivateKey(new byte[32]);
  private static final PeerId SENDER = PeerId.fromPublicKey(SENDER_KEY.publicKey());
  private static final PeerId LOCAL =
      PeerId.fromPublicKey(Keys.ed25519PrivateKey(filled(5)).publicKey());
  private static final Json.Limits JSON = new Json.Limits(IntakeHarness.MAX_MESSAGE, 32);

  @FuzzTest
  void take(byte[] input) throws Exception {
    int mode = input.length > 0 ? (input[0] & 0xFF) % 3 : 0;
    byte[] data = input.length > 1 ? Arrays.copyOfRange(input, 1, input.length) : new byte[0];
    // Built inside the measured code, which runs again when classes were loaded during it.
    record Taken(IntakeHarness harness, RecordIntake.Result result) {}
    Taken taken =
        Allocations.atMost(
            Allocations.SLACK + 256L * data.length,
            () -> {
              IntakeHarness fresh =
                  new IntakeHarness(LOCAL, 1, WINDOW, () -> NOW, 100, 100, 1 << 20);
              RecordIntake intake = fresh.intake;
              return new Taken(
                  fresh,
                  switch (mode) {
                    case 0 -> intake.onMessage(TestRecords.message(SENDER, data));
                    case 1 -> intake.onMessage(TestRecords.message(SENDER, signed(data)));
                    default -> intake.onFetched(signedNode(data));
                  });
            });
    IntakeHarness harness = taken.harness();
    RecordIntake.Result result = taken.result();

    assertThat(result.reason().isPresent())
        .isEqualTo(result.outcome() == RecordIntake.Outcome.REJECTED);
    Counters c = harness.counters;
    long counted =
        c.accepted.sum()
            + c.duplicates.sum()
            + c.stale.sum()
            + c.announcements.sum()
            + c.rejections().values().stream().mapToLong(Long::longValue).sum();
    assertThat(counted).isEqualTo(1);
    harness
        .cache
        .live(NOW)
        .forEach(
            (KnownPeer peer) -> {
              assertThat(peer.peerId()).isEqualTo(SENDER);
              assertThat(peer.address().peerId()).contains(SENDER);
            });
    assertThat(harness.cache.size()).isLessThanOrEqualTo(1);
  }

  /** The topic message of a record signed by the sender, around {@code data}. */
  private static byte[] signed(byte[] data) {
    return WireCodec.encode(TestRecords.gossip(signedNode(data)));
  }

  /** A node signed by the sender, created now, with a payload (and metadata) from {@code data}. */
  private static DagNode signedNode(byte[] data) {
    Object payload;
    try {
      payload = Json.parse(data, JSON);
    } catch (JsonException notJson) {
      payload =
          TestRecords.state(1, new String(data, StandardCharsets.UTF_8), ServerState.ONLINE)
              .toPrimitive();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        payload instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    return DagNodes.create(
        SENDER_KEY,
        PeerStateRecords.NAMESPACE,
        PeerStateRecords.SCHEMA_ID,
        List.of(),
        payload,
        metadata,
        NOW);
  }

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }
}
