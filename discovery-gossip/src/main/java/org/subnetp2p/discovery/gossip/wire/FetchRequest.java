package org.subnetp2p.discovery.gossip.wire;

import java.util.List;
import java.util.Map;

/**
 * Asks a peer for nodes and, up to {@code maxAncestorDepth} generations, their ancestors ({@code
 * DagFetchRequest}). subnet-template asks for at most 32 ids at depth 0, with bodies.
 */
public record FetchRequest(
    String messageId,
    String namespace,
    String peerId,
    long createdAtMs,
    List<String> nodeIds,
    boolean includeBodies,
    long maxAncestorDepth)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "fetch_request";

  /** Copies the list. */
  public FetchRequest {
    nodeIds = List.copyOf(nodeIds);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    out.put("include_bodies", includeBodies);
    out.put("max_ancestor_depth", maxAncestorDepth);
    out.put("node_ids", nodeIds);
    return out;
  }
}
