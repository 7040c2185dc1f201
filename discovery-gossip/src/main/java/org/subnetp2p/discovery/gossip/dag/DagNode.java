package org.subnetp2p.discovery.gossip.dag;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.json.JsonFields;

/** A complete DAG node: header and body. */
public record DagNode(DagHeader header, DagBody body) {

  /** Checks for nulls. */
  public DagNode {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(body, "body");
  }

  /** The node's id. */
  public String id() {
    return header.nodeId();
  }

  /** The node as sent on the wire: {@code {header, body}}. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("header", header.toPrimitive());
    out.put("body", body.toPrimitive());
    return out;
  }

  /**
   * Reads a node.
   *
   * @throws RecordException with {@link Rejection#MALFORMED}
   */
  public static DagNode fromPrimitive(Object value) throws RecordException {
    Map<String, Object> in;
    try {
      in = JsonFields.object(value, "node");
    } catch (JsonException e) {
      throw new RecordException(Rejection.MALFORMED, e.getMessage());
    }
    return new DagNode(
        DagHeader.fromPrimitive(in.get("header")), DagBody.fromPrimitive(in.get("body")));
  }
}
