package org.subnetp2p.discovery.gossip.peerstate;

import java.util.List;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;

/** The names subnet-template uses for peer state, and how this node builds its own record. */
public final class PeerStateRecords {
  /** The GossipSub topic ({@code PEER_STATE_TOPIC}). */
  public static final String TOPIC = "peer_state";

  /** The DAG namespace ({@code DAG_NAMESPACE}). */
  public static final String NAMESPACE = "general-dag";

  /** The payload schema ({@code PEER_STATE_SCHEMA_ID}). */
  public static final String SCHEMA_ID = "peer-state";

  /** How far in the future a record may be dated ({@code max_future_skew_ms}). */
  public static final long MAX_FUTURE_MS = 60_000;

  private PeerStateRecords() {}

  /**
   * This node's record: a DAG node with {@code state} as payload and as metadata, signed with
   * {@code key}, wrapped in its gossip envelope.
   *
   * <p>It names no parents. subnet-template links each record to the DAG heads it knows; a record
   * without parents is valid there too, and a receiver never has to fetch anything before it can
   * accept it, so this node can never make a subnet-template node wait on a sync.
   *
   * @param createdAtMs the header's creation time
   * @param sentAtMs the envelope's time, also in its message id
   */
  public static NodeGossip build(PrivateKey key, PeerState state, long createdAtMs, long sentAtMs) {
    DagNode node =
        DagNodes.create(
            key,
            NAMESPACE,
            SCHEMA_ID,
            List.of(),
            state.toPrimitive(),
            state.toPrimitive(),
            createdAtMs);
    String author = PeerId.fromPublicKey(key.publicKey()).toBase58();
    return NodeGossip.of(NAMESPACE, author, node, sentAtMs);
  }
}
