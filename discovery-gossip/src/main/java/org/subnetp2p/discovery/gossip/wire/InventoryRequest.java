package org.subnetp2p.discovery.gossip.wire;

import java.util.List;
import java.util.Map;

/** Asks a peer for its DAG summary ({@code DagInventoryRequest}). */
public record InventoryRequest(
    String messageId,
    String namespace,
    String peerId,
    long createdAtMs,
    List<String> knownHeads,
    long nodeCount)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "inventory_request";

  /** Copies the list. */
  public InventoryRequest {
    knownHeads = List.copyOf(knownHeads);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    out.put("known_heads", knownHeads);
    out.put("node_count", nodeCount);
    return out;
  }
}
