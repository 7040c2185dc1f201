package org.subnetp2p.discovery.gossip.wire;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A peer's DAG inventory: its heads and counts ({@code DagSummary}). */
public record DagSummary(
    String namespace, List<String> headIds, long nodeCount, long orphanCount, long generatedAtMs) {

  /** Copies the list. */
  public DagSummary {
    headIds = List.copyOf(headIds);
  }

  /** The summary as a JSON object. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("generated_at_ms", generatedAtMs);
    out.put("head_ids", headIds);
    out.put("namespace", namespace);
    out.put("node_count", nodeCount);
    out.put("orphan_count", orphanCount);
    return out;
  }
}
