package org.subnetp2p.discovery.gossip.wire;

import java.util.Map;
import org.subnetp2p.discovery.gossip.dag.DagNode;

/**
 * A complete DAG node published on the topic ({@code DagNodeGossip}); its message id is {@code
 * node-gossip:<peer id>:<node id>:<ms>}.
 */
public record NodeGossip(
    String messageId, String namespace, String peerId, long createdAtMs, DagNode node)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "node_gossip";

  /** The gossip of {@code node} by {@code peerId} at {@code nowMs}, with its usual message id. */
  public static NodeGossip of(String namespace, String peerId, DagNode node, long nowMs) {
    return new NodeGossip(
        "node-gossip:" + peerId + ":" + node.id() + ":" + nowMs, namespace, peerId, nowMs, node);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    out.put("node", node.toPrimitive());
    return out;
  }
}
