package org.subnetp2p.discovery.gossip.testing;

import java.util.List;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.peerstate.PeerState;
import org.subnetp2p.discovery.gossip.peerstate.PeerStateRecords;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/** Valid (and deliberately invalid) peer-state records for tests. */
public final class TestRecords {
  private TestRecords() {}

  /** A payload announcing {@code multiaddr} in {@code subnetId}. */
  public static PeerState state(long subnetId, String multiaddr, ServerState state) {
    return new PeerState(
        "00112233445566778899aabbccddeeff", 7, subnetId, 3, state, PeerState.VALIDATOR, multiaddr);
  }

  /** An online record of subnet 1 at {@code /ip4/10.0.0.1/tcp/4001}. */
  public static PeerState state() {
    return state(1, "/ip4/10.0.0.1/tcp/4001", ServerState.ONLINE);
  }

  /** A node with {@code payload} (also as metadata) and {@code parents}, signed by {@code key}. */
  public static DagNode node(
      PrivateKey key, Map<String, Object> payload, List<String> parents, long createdAtMs) {
    return DagNodes.create(
        key,
        PeerStateRecords.NAMESPACE,
        PeerStateRecords.SCHEMA_ID,
        parents,
        payload,
        payload,
        createdAtMs);
  }

  /** A peer-state node with {@code parents}. */
  public static DagNode node(PrivateKey key, List<String> parents, long createdAtMs) {
    return node(key, state().toPrimitive(), parents, createdAtMs);
  }

  /** The gossip envelope of {@code node}, sent by its author. */
  public static NodeGossip gossip(DagNode node) {
    return NodeGossip.of(
        PeerStateRecords.NAMESPACE, node.header().author(), node, node.header().createdAtMs());
  }

  /** A record with {@code state}, created at {@code createdAtMs}. */
  public static NodeGossip gossip(PrivateKey key, PeerState state, long createdAtMs) {
    return PeerStateRecords.build(key, state, createdAtMs, createdAtMs);
  }

  /** The pubsub message of {@code gossip}, authored by {@code from}. */
  public static PubSub.Message message(PeerId from, NodeGossip gossip) {
    return message(from, WireCodec.encode(gossip));
  }

  /** A pubsub message on the topic with {@code data}, authored by {@code from}. */
  public static PubSub.Message message(PeerId from, byte[] data) {
    return new PubSub.Message(PeerStateRecords.TOPIC, from, data);
  }
}
