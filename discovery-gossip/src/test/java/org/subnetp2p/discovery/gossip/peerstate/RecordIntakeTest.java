package org.subnetp2p.discovery.gossip.peerstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.subnetp2p.discovery.gossip.testing.TestKeys.peerOf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.discovery.gossip.KnownPeer;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.dag.DagBody;
import org.subnetp2p.discovery.gossip.dag.DagHeader;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.testing.IntakeHarness;
import org.subnetp2p.discovery.gossip.testing.TestKeys;
import org.subnetp2p.discovery.gossip.testing.TestRecords;
import org.subnetp2p.discovery.gossip.wire.Announcement;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * The record pipeline without a network: a record is built and encoded as this node publishes it,
 * then handed to the intake as the pubsub would deliver it. Bad input of every kind is refused with
 * its counted reason, and honest peers are still found afterwards.
 */
class RecordIntakeTest {
  private static final long WINDOW = 60_000;
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
  private final IntakeHarness harness = new IntakeHarness(1, WINDOW, now::get);
  private final PrivateKey alice = TestKeys.key();
  private final PeerId aliceId = peerOf(alice);

  private RecordIntake.Result deliver(PeerId from, NodeGossip gossip) {
    return harness.intake.onMessage(TestRecords.message(from, gossip));
  }

  private RecordIntake.Result deliver(PeerId from, String json) {
    return harness.intake.onMessage(
        TestRecords.message(from, json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(NodeGossip gossip) {
    return new String(WireCodec.encode(gossip), StandardCharsets.US_ASCII);
  }

  private NodeGossip record(PrivateKey key, PeerState state) {
    return TestRecords.gossip(key, state, now.get());
  }

  private void assertRefused(RecordIntake.Result result, Rejection reason) {
    assertThat(result.outcome()).isEqualTo(RecordIntake.Outcome.REJECTED);
    assertThat(result.reason()).contains(reason);
    assertThat(harness.counters.rejections().get(reason)).isPositive();
  }

  @Test
  void aPublishedRecordIsValidatedCachedAndFound() {
    PeerState state = TestRecords.state(1, "/ip4/10.0.0.7/tcp/4001", ServerState.ONLINE);

    RecordIntake.Result result = deliver(aliceId, record(alice, state));

    assertThat(result.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    KnownPeer known = harness.cache.get(aliceId, now.get()).orElseThrow();
    assertThat(known.address())
        .isEqualTo(Multiaddr.parse("/ip4/10.0.0.7/tcp/4001/p2p/" + aliceId.toBase58()));
    assertThat(known.subnetNodeId()).isEqualTo(3);
    assertThat(known.epoch()).isEqualTo(7);
    assertThat(known.state()).isEqualTo(ServerState.ONLINE);
    assertThat(known.expiresAtMs()).isEqualTo(now.get() + WINDOW);
    assertThat(harness.counters.accepted.sum()).isEqualTo(1);
    assertThat(harness.counters.rejections().values()).allMatch(n -> n == 0);
  }

  @Test
  void aPeerLapsesAfterTheWindowUnlessARecordArrives() {
    deliver(aliceId, record(alice, TestRecords.state()));
    now.addAndGet(WINDOW - 1);
    assertThat(harness.cache.get(aliceId, now.get())).isPresent();

    now.addAndGet(1);

    assertThat(harness.cache.get(aliceId, now.get())).isEmpty();
    assertThat(harness.cache.live(now.get())).isEmpty();
  }

  @Test
  void newerRecordsReplaceOlderOnesAndOlderOnesAreIgnored() {
    NodeGossip first = record(alice, TestRecords.state());
    now.addAndGet(20_000);
    NodeGossip second =
        record(alice, TestRecords.state(1, "/ip4/10.0.0.8/tcp/4001", ServerState.ONLINE));

    deliver(aliceId, second);
    RecordIntake.Result older = deliver(aliceId, first);
    RecordIntake.Result again = deliver(aliceId, second);

    assertThat(older.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED); // stored as history
    assertThat(again.outcome()).isEqualTo(RecordIntake.Outcome.DUPLICATE);
    assertThat(harness.cache.get(aliceId, now.get()).orElseThrow().address().toString())
        .startsWith("/ip4/10.0.0.8/");
  }

  @Test
  void anOfflineRecordForgetsThePeerAndAnOlderOneCannotReviveIt() {
    deliver(aliceId, record(alice, TestRecords.state()));
    DagNode meanwhile = TestRecords.node(alice, List.of(), now.get() + 500);
    now.addAndGet(1_000);

    RecordIntake.Result offline =
        deliver(
            aliceId,
            record(alice, TestRecords.state(1, "/ip4/10.0.0.1/tcp/4001", ServerState.OFFLINE)));
    RecordIntake.Result older = harness.intake.onFetched(meanwhile);

    assertThat(offline.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(older.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED); // stored as history

    assertThat(harness.cache.get(aliceId, now.get())).isEmpty();
    assertThat(harness.cache.live(now.get())).isEmpty();
  }

  @Test
  void ownEchoesAreIgnoredUncounted() {
    RecordIntake.Result result =
        harness.intake.onMessage(TestRecords.message(harness.local, new byte[] {1}));

    assertThat(result.outcome()).isEqualTo(RecordIntake.Outcome.OWN);
    assertThat(harness.counters.rejections().values()).allMatch(n -> n == 0);
  }

  @Test
  void aRecordRelayedUnderAnotherSenderIsSpoofed() {
    PeerId mallory = TestKeys.peer();

    assertRefused(deliver(mallory, record(alice, TestRecords.state())), Rejection.SPOOFED);
    assertRefused(
        harness.intake.onMessage(
            new PubSub.Message(PeerStateRecords.TOPIC, null, new byte[] {'{', '}'})),
        Rejection.SPOOFED);
    assertThat(harness.cache.size()).isZero();
  }

  @Test
  void aRecordClaimingAnotherAuthorIsSpoofed() {
    PrivateKey mallory = TestKeys.key();
    // Signed by mallory, claiming alice as author and sender.
    NodeGossip forged =
        withHeader(record(mallory, TestRecords.state()), "author", aliceId.toBase58());

    assertRefused(deliver(peerOf(mallory), forged), Rejection.SPOOFED);
    assertRefused(deliver(aliceId, forged), Rejection.SPOOFED);
  }

  @Test
  void aRecordSignedByADifferentKeyHasABadSignature() {
    PrivateKey mallory = TestKeys.key();
    NodeGossip genuine = record(alice, TestRecords.state());
    byte[] signed = DagNodes.signingBytes(genuine.node().header());
    String forgedSignature = HexFormat.of().formatHex(mallory.sign(signed));

    NodeGossip forged = withHeader(genuine, "signature", forgedSignature);
    NodeGossip garbled = withHeader(genuine, "signature", "zz");
    NodeGossip noKey = withHeader(genuine, "public_key", "not hex");
    NodeGossip badKey = withHeader(genuine, "public_key", "0801");

    assertRefused(deliver(aliceId, forged), Rejection.BAD_SIGNATURE);
    assertRefused(deliver(aliceId, garbled), Rejection.BAD_SIGNATURE);
    assertRefused(deliver(aliceId, noKey), Rejection.BAD_SIGNATURE);
    assertRefused(deliver(aliceId, badKey), Rejection.BAD_SIGNATURE);
  }

  @Test
  void tamperedContentHasABadHash() {
    NodeGossip genuine = record(alice, TestRecords.state());
    Map<String, Object> otherPayload =
        TestRecords.state(1, "/ip4/6.6.6.6/tcp/1", ServerState.ONLINE).toPrimitive();
    DagNode swappedBody =
        new DagNode(genuine.node().header(), new DagBody(genuine.node().id(), otherPayload));

    assertRefused(deliver(aliceId, TestRecords.gossip(swappedBody)), Rejection.BAD_HASH);
    assertRefused(
        deliver(
            aliceId,
            withHeader(genuine, "created_at_ms", genuine.node().header().createdAtMs() - 1)),
        Rejection.BAD_HASH);
  }

  @Test
  void recordsOutsideTheTimeBoundsAreRefused() {
    long t = now.get();
    PeerState state = TestRecords.state();

    assertRefused(
        deliver(aliceId, TestRecords.gossip(alice, state, t - WINDOW - 1)), Rejection.EXPIRED);
    assertRefused(deliver(aliceId, TestRecords.gossip(alice, state, t + 60_001)), Rejection.FUTURE);
    assertThat(deliver(aliceId, TestRecords.gossip(alice, state, t + 59_000)).outcome())
        .isEqualTo(RecordIntake.Outcome.ACCEPTED);
  }

  @Test
  void recordsOfAnotherSubnetOrNamespaceAreRefused() {
    NodeGossip foreignSubnet =
        record(alice, TestRecords.state(2, "/ip4/10.0.0.1/tcp/4001", ServerState.ONLINE));
    DagNode otherSchema =
        DagNodes.create(
            alice,
            PeerStateRecords.NAMESPACE,
            "heartbeat",
            List.of(),
            TestRecords.state().toPrimitive(),
            Map.of(),
            now.get());

    assertRefused(deliver(aliceId, foreignSubnet), Rejection.FOREIGN_SUBNET);
    assertRefused(deliver(aliceId, TestRecords.gossip(otherSchema)), Rejection.FOREIGN_NAMESPACE);
    assertRefused(
        deliver(
            aliceId,
            text(record(alice, TestRecords.state()))
                .replace("\"namespace\":\"general-dag\",\"node\"", "\"namespace\":\"x\",\"node\"")),
        Rejection.FOREIGN_NAMESPACE);
  }

  @Test
  void aMultiaddrThatIsNotOneIsRefused() {
    for (String bad :
        List.of(
            "not-a-multiaddr",
            "/ip4/999.1.1.1/tcp/1",
            "/ip4/1.2.3.4/tcp/99999",
            "/p2p/" + aliceId.toBase58(),
            "/ip4/1.2.3.4/tcp/1/p2p/" + TestKeys.peer().toBase58())) {
      now.addAndGet(1_001); // a fresh token every time
      assertRefused(
          deliver(aliceId, record(alice, TestRecords.state(1, bad, ServerState.ONLINE))),
          Rejection.BAD_MULTIADDR);
    }
    assertThat(harness.counters.rejections().get(Rejection.BAD_MULTIADDR)).isEqualTo(5);
  }

  @Test
  void oversizedMessagesAreRefusedBeforeParsing() {
    byte[] huge = new byte[IntakeHarness.MAX_MESSAGE + 1];

    assertRefused(
        harness.intake.onMessage(TestRecords.message(aliceId, huge)), Rejection.OVERSIZED);
  }

  @Test
  void malformedMessagesOfEveryKindAreRefused() {
    String valid = text(record(alice, TestRecords.state()));
    List<String> bad =
        List.of(
            "", // not JSON
            "[]", // not an object
            "[".repeat(200) + "]".repeat(200), // deep nesting
            valid
                .replace("\"body_size\":", "\"body_size\":\"") // a string where a number goes
                .replaceFirst("(\"body_size\":\"\\d+)", "$1\""),
            valid.replace(
                "\"created_at_ms\":" + now.get(), "\"created_at_ms\":" + now.get() + ".5"),
            valid.replace("\"epoch\":7", "\"epoch\":NaN"),
            valid.replace("\"epoch\":7", "\"epoch\":1e999"),
            valid.replace("\"epoch\":7", "\"epoch\":" + "9".repeat(150)),
            valid.replace("\"epoch\":7", "\"epoch\":99999999999999999999999"),
            valid.replace("\"kind\":\"node_gossip\"", "\"kind\":\"fetch_request\""),
            valid.replace("\"kind\":\"node_gossip\"", "\"kind\":\"gossip\""),
            valid.replace("\"parent_ids\":[]", "\"parent_ids\":[1]"),
            valid.replace("\"uid\"", "\"uuid\""),
            valid + "{}");
    for (String text : bad) {
      now.addAndGet(1_001);
      assertRefused(deliver(aliceId, text), Rejection.MALFORMED);
    }
    byte[] invalidUtf8 =
        valid.replace("10.0.0.1", "10.0.0.\u00e9").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < invalidUtf8.length; i++) {
      if (invalidUtf8[i] == (byte) 0xC3) {
        invalidUtf8[i] = (byte) 0xC0; // an overlong form
      }
    }
    now.addAndGet(1_001);
    assertRefused(
        harness.intake.onMessage(TestRecords.message(aliceId, invalidUtf8)), Rejection.MALFORMED);
    assertThat(harness.cache.size()).isZero();
  }

  @Test
  void payloadsOutsideThePeerStateSchemaAreMalformed() {
    List<Map<String, Object>> payloads =
        List.of(
            with("role", 1),
            with("state", 7),
            with("subnet_id", 0),
            with("subnet_node_id", -1),
            with("multiaddr", 42),
            without("uid"));
    for (Map<String, Object> payload : payloads) {
      now.addAndGet(1_001);
      DagNode node = TestRecords.node(alice, payload, List.of(), now.get());
      assertRefused(deliver(aliceId, TestRecords.gossip(node)), Rejection.MALFORMED);
    }
  }

  @Test
  void tenThousandRecordsASecondFromOnePeerAreCutByTheRateLimitAndMemoryStaysBounded() {
    PrivateKey flooder = TestKeys.key();
    PeerId flooderId = peerOf(flooder);
    byte[][] messages = new byte[10_000][];
    // Ten signed records, then distinct copies with other uids (signing 10,000 would only slow
    // the test: the limiter refuses them before anything is parsed or verified).
    String template = text(TestRecords.gossip(flooder, TestRecords.state(), now.get()));
    for (int i = 0; i < messages.length; i++) {
      messages[i] =
          i < 10
              ? WireCodec.encode(TestRecords.gossip(flooder, TestRecords.state(), now.get() - i))
              : template
                  .replace("00112233445566778899aabbccddeeff", String.format("%032x", i))
                  .getBytes(StandardCharsets.US_ASCII);
    }

    for (byte[] message : messages) {
      harness.intake.onMessage(TestRecords.message(flooderId, message));
    }

    assertThat(harness.counters.rejections().get(Rejection.RATE_LIMITED)).isEqualTo(9_990);
    assertThat(harness.store.size()).isEqualTo(10);
    assertThat(harness.cache.size()).isEqualTo(1);
    assertThat(deliver(aliceId, record(alice, TestRecords.state())).outcome())
        .isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(harness.cache.get(aliceId, now.get())).isPresent();
  }

  @Test
  void manySendersCannotGrowTheCacheOrTheStorePastTheirBounds() {
    IntakeHarness small =
        new IntakeHarness(TestKeys.peer(), 1, WINDOW, now::get, 50, 150, 32L << 20);
    for (int i = 0; i < 300; i++) {
      PrivateKey sybil = TestKeys.key();
      small.intake.onMessage(
          TestRecords.message(
              peerOf(sybil), TestRecords.gossip(sybil, TestRecords.state(), now.get())));
    }
    now.addAndGet(1);

    RecordIntake.Result honest =
        small.intake.onMessage(TestRecords.message(aliceId, record(alice, TestRecords.state())));

    assertThat(small.cache.size()).isEqualTo(50);
    assertThat(small.store.size()).isEqualTo(150);
    assertThat(honest.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(small.cache.get(aliceId, now.get())).isPresent();
  }

  @Test
  void announcementsAreTakenFromTheirOwnSenderOnly() {
    Announcement announcement =
        new Announcement(
            "announcement:x",
            PeerStateRecords.NAMESPACE,
            aliceId.toBase58(),
            now.get(),
            List.of(),
            3);
    byte[] bytes = WireCodec.encode(announcement);

    RecordIntake.Result own = harness.intake.onMessage(TestRecords.message(aliceId, bytes));
    RecordIntake.Result relayed =
        harness.intake.onMessage(TestRecords.message(TestKeys.peer(), bytes));

    assertThat(own.outcome()).isEqualTo(RecordIntake.Outcome.ANNOUNCEMENT);
    assertThat(own.announcement()).contains(announcement);
    assertRefused(relayed, Rejection.SPOOFED);
  }

  @Test
  void fetchedHistoryIsStoredAndOnlyRecentRecordsAreCached() {
    DagNode old = TestRecords.node(alice, List.of(), now.get() - WINDOW - 5_000);
    PrivateKey bob = TestKeys.key();
    DagNode recent = TestRecords.node(bob, List.of(old.id()), now.get() - 10_000);

    RecordIntake.Result first = harness.intake.onFetched(recent);
    RecordIntake.Result second = harness.intake.onFetched(old);

    assertThat(first.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(first.missingParents()).containsExactly(old.id());
    assertThat(second.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(harness.store.contains(old.id())).isTrue();
    assertThat(harness.cache.get(aliceId, now.get())).isEmpty();
    KnownPeer b = harness.cache.get(peerOf(bob), now.get()).orElseThrow();
    assertThat(b.lastSeenMs()).isEqualTo(now.get() - 10_000);
    assertThat(b.expiresAtMs()).isEqualTo(now.get() + WINDOW - 10_000);
  }

  private static Map<String, Object> with(String key, Object value) {
    Map<String, Object> payload = new HashMap<>(TestRecords.state().toPrimitive());
    payload.put(key, value);
    return payload;
  }

  private static Map<String, Object> without(String key) {
    Map<String, Object> payload = new HashMap<>(TestRecords.state().toPrimitive());
    payload.remove(key);
    return payload;
  }

  /**
   * {@code gossip} with one header field changed (not re-signed); the envelope names the header's
   * author.
   */
  private static NodeGossip withHeader(NodeGossip gossip, String field, Object value) {
    Map<String, Object> fields = new HashMap<>(gossip.node().header().toPrimitive());
    fields.put(field, value);
    try {
      DagHeader header = DagHeader.fromPrimitive(fields);
      DagNode node = new DagNode(header, gossip.node().body());
      return NodeGossip.of(PeerStateRecords.NAMESPACE, header.author(), node, gossip.createdAtMs());
    } catch (RecordException e) {
      throw new AssertionError(e);
    }
  }
}
