package org.subnetp2p.discovery.gossip.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.subnetp2p.discovery.gossip.dag.DagBody;
import org.subnetp2p.discovery.gossip.dag.DagHeader;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.json.JsonNull;

/** A fetched node: its header and, when asked for, its body ({@code DagNodeSnapshot}). */
public record NodeSnapshot(DagHeader header, Optional<DagBody> body) {

  /** Checks for nulls. */
  public NodeSnapshot {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
  }

  /** The snapshot of {@code node}, with or without its body. */
  public static NodeSnapshot of(DagNode node, boolean withBody) {
    return new NodeSnapshot(node.header(), withBody ? Optional.of(node.body()) : Optional.empty());
  }

  /** The complete node, if the body is present. */
  public Optional<DagNode> node() {
    return body.map(b -> new DagNode(header, b));
  }

  /** The snapshot as a JSON object; a missing body is {@code null}. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("header", header.toPrimitive());
    out.put("body", body.<Object>map(DagBody::toPrimitive).orElse(JsonNull.INSTANCE));
    return out;
  }
}
