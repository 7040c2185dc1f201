package org.subnetp2p.discovery.gossip.peerstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.json.CanonicalJson;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.testing.IntakeHarness;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * The vector of {@code shared/specs/subnet/peer-state-vector.md}, produced by subnet-template's own
 * heartbeat code and validated by its own DAG validator: built byte for byte, and accepted.
 */
class PeerStateVectorTest {
  static final String SEED = "01".repeat(32);
  static final String PEER_ID = "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5";
  static final String CANONICAL_PAYLOAD =
      "{\"epoch\":1,\"multiaddr\":\"/ip4/127.0.0.1/tcp/4001\",\"role\":0,\"state\":1,"
          + "\"subnet_id\":1,\"subnet_node_id\":1,\"uid\":\"00112233445566778899aabbccddeeff\"}";
  static final String BODY_HASH =
      "sha256:dd8e2482b4a365a5930625d8898f0265e851024fccb27884fc1783cbf26a5717";
  static final String PUBLIC_KEY =
      "080112208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
  static final String SIGNED_BYTES =
      "{\"author\":\"12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5\",\"body_hash\":"
          + "\"sha256:dd8e2482b4a365a5930625d8898f0265e851024fccb27884fc1783cbf26a5717\","
          + "\"body_size\":142,\"created_at_ms\":1700000000000,\"metadata\":{\"epoch\":1,"
          + "\"multiaddr\":\"/ip4/127.0.0.1/tcp/4001\",\"role\":0,\"state\":1,\"subnet_id\":1,"
          + "\"subnet_node_id\":1,\"uid\":\"00112233445566778899aabbccddeeff\"},\"namespace\":"
          + "\"general-dag\",\"parent_ids\":[],\"public_key\":"
          + "\"080112208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c\","
          + "\"schema_id\":\"peer-state\",\"version\":1}";
  static final String NODE_ID =
      "sha256:17e3b1e9807e0def9a39f469d31e04bee0a3ab75d464ec6721ae333b2815f880";
  static final String SIGNATURE =
      "0afeae9ac8c4437c019a602516d19f3e4fa5178084848c8412d8a9f22f2c8a68"
          + "adc1dc1cecf20af793b9f5142cdfa56ac55cba2efc98508ceb2b955b0a98a407";
  static final String MESSAGE =
      "{\"created_at_ms\":1700000000005,\"kind\":\"node_gossip\",\"message_id\":\"node-gossip:"
          + "12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5:sha256:17e3b1e9807e0def9a39f469d"
          + "31e04bee0a3ab75d464ec6721ae333b2815f880:1700000000005\",\"namespace\":\"general-dag\","
          + "\"node\":{\"body\":{\"node_id\":\"sha256:17e3b1e9807e0def9a39f469d31e04bee0a3ab75d464e"
          + "c6721ae333b2815f880\",\"payload\":{\"epoch\":1,\"multiaddr\":\"/ip4/127.0.0.1/tcp/400"
          + "1\",\"role\":0,\"state\":1,\"subnet_id\":1,\"subnet_node_id\":1,\"uid\":\"00112233445"
          + "566778899aabbccddeeff\"}},\"header\":{\"author\":\"12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gp"
          + "v85r9F3V3fyKSUKPH5\",\"body_hash\":\"sha256:dd8e2482b4a365a5930625d8898f0265e851024f"
          + "ccb27884fc1783cbf26a5717\",\"body_size\":142,\"created_at_ms\":1700000000000,\"metad"
          + "ata\":{\"epoch\":1,\"multiaddr\":\"/ip4/127.0.0.1/tcp/4001\",\"role\":0,\"state\":1,"
          + "\"subnet_id\":1,\"subnet_node_id\":1,\"uid\":\"00112233445566778899aabbccddeeff\"},"
          + "\"namespace\":\"general-dag\",\"node_id\":\"sha256:17e3b1e9807e0def9a39f469d31e04bee0"
          + "a3ab75d464ec6721ae333b2815f880\",\"parent_ids\":[],\"public_key\":\"080112208a88e3dd7"
          + "409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c\",\"schema_id\":\"peer-state"
          + "\",\"signature\":\"0afeae9ac8c4437c019a602516d19f3e4fa5178084848c8412d8a9f22f2c8a68a"
          + "dc1dc1cecf20af793b9f5142cdfa56ac55cba2efc98508ceb2b955b0a98a407\",\"version\":1}},"
          + "\"peer_id\":\"12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5\"}";

  static final PrivateKey KEY = Keys.ed25519PrivateKey(HexFormat.of().parseHex(SEED));
  static final PeerState PAYLOAD =
      new PeerState(
          "00112233445566778899aabbccddeeff",
          1,
          1,
          1,
          ServerState.JOINING,
          PeerState.VALIDATOR,
          "/ip4/127.0.0.1/tcp/4001");

  @Test
  void buildsEveryLineOfTheVectorByteForByte() {
    NodeGossip gossip = PeerStateRecords.build(KEY, PAYLOAD, 1700000000000L, 1700000000005L);

    assertThat(PeerId.fromPublicKey(KEY.publicKey()).toBase58()).isEqualTo(PEER_ID);
    assertThat(ascii(CanonicalJson.write(PAYLOAD.toPrimitive()))).isEqualTo(CANONICAL_PAYLOAD);
    assertThat(gossip.node().header().bodyHash()).isEqualTo(BODY_HASH);
    assertThat(gossip.node().header().bodySize()).isEqualTo(142);
    assertThat(ascii(DagNodes.signingBytes(gossip.node().header()))).isEqualTo(SIGNED_BYTES);
    assertThat(gossip.node().id()).isEqualTo(NODE_ID);
    assertThat(gossip.node().header().publicKey()).isEqualTo(PUBLIC_KEY);
    assertThat(gossip.node().header().signature()).isEqualTo(SIGNATURE);
    assertThat(ascii(WireCodec.encode(gossip))).isEqualTo(MESSAGE);
    assertThat(PeerStateRecords.TOPIC).isEqualTo("peer_state");
  }

  @Test
  void decodingAndEncodingTheMessageGivesItsBytesBack() throws Exception {
    byte[] bytes = MESSAGE.getBytes(StandardCharsets.US_ASCII);

    byte[] again = WireCodec.encode(WireCodec.decode(bytes, new Json.Limits(1 << 16, 32)));

    assertThat(Arrays.equals(again, bytes)).isTrue();
  }

  @Test
  void theVectorsMessageIsAcceptedAndItsPeerFound() {
    AtomicLong now = new AtomicLong(1700000000010L);
    IntakeHarness harness = new IntakeHarness(1, 60_000, now::get);
    PeerId author = PeerId.fromString(PEER_ID);

    RecordIntake.Result result =
        harness.intake.onMessage(
            new PubSub.Message(
                PeerStateRecords.TOPIC, author, MESSAGE.getBytes(StandardCharsets.US_ASCII)));

    assertThat(result.outcome()).isEqualTo(RecordIntake.Outcome.ACCEPTED);
    assertThat(harness.cache.get(author, now.get()).orElseThrow().address())
        .isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER_ID));
    assertThat(harness.store.contains(NODE_ID)).isTrue();
  }

  @Test
  void aRecordWeBuildHashesAndVerifiesWithTheJdkAlone() throws Exception {
    PrivateKey key = org.subnetp2p.discovery.gossip.testing.TestKeys.key();
    NodeGossip gossip =
        PeerStateRecords.build(
            key,
            new PeerState(
                "ffeeddccbbaa99887766554433221100",
                12,
                3,
                9,
                ServerState.ONLINE,
                0,
                "/dns4/a.b/tcp/1"),
            1_800_000_000_000L,
            1_800_000_000_001L);
    var header = gossip.node().header();
    byte[] payload = CanonicalJson.write(payloadOf(gossip));
    byte[] signed = DagNodes.signingBytes(header);

    assertThat(header.bodyHash()).isEqualTo("sha256:" + sha256(payload));
    assertThat(header.bodySize()).isEqualTo(payload.length);
    assertThat(header.nodeId()).isEqualTo("sha256:" + sha256(signed));
    byte[] raw = key.publicKey().raw();
    var spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
    var jdkKey =
        java.security.KeyFactory.getInstance("Ed25519")
            .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
    var verifier = java.security.Signature.getInstance("Ed25519");
    verifier.initVerify(jdkKey);
    verifier.update(signed);
    assertThat(verifier.verify(HexFormat.of().parseHex(header.signature()))).isTrue();
    assertThat(header.publicKey()).isEqualTo("08011220" + HexFormat.of().formatHex(raw));
  }

  private static Object payloadOf(NodeGossip gossip) {
    return gossip.node().body().payload();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
