package org.subnetp2p.discovery.gossip.dag;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.json.JsonFields;

/**
 * A DAG node's body, subnet-template's {@code DagNodeBody}.
 *
 * @param nodeId the id of the node it belongs to
 * @param payload the payload, a JSON value as {@link org.subnetp2p.discovery.gossip.json.Json}
 *     parses it
 */
public record DagBody(String nodeId, Object payload) {

  /** Checks for nulls. */
  public DagBody {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(payload, "payload");
  }

  /** The body as sent on the wire. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("node_id", nodeId);
    out.put("payload", payload);
    return out;
  }

  /**
   * Reads a body.
   *
   * @throws RecordException with {@link Rejection#MALFORMED}
   */
  public static DagBody fromPrimitive(Object value) throws RecordException {
    try {
      Map<String, Object> in = JsonFields.object(value, "body");
      Object payload = in.get("payload");
      if (payload == null) {
        throw new JsonException("missing payload");
      }
      return new DagBody(JsonFields.string(in, "node_id"), payload);
    } catch (JsonException e) {
      throw new RecordException(Rejection.MALFORMED, "body: " + e.getMessage());
    }
  }
}
