package org.subnetp2p.discovery.gossip.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.dag.DagBody;
import org.subnetp2p.discovery.gossip.dag.DagHeader;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.CanonicalJson;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.json.JsonFields;
import org.subnetp2p.discovery.gossip.json.JsonNull;

/**
 * Encodes wire messages as canonical JSON and decodes them by their {@code kind}, as
 * subnet-template's {@code DagSyncMessageCodec} does, with strict field types. Unknown fields are
 * ignored, as there.
 */
public final class WireCodec {
  private WireCodec() {}

  /** The canonical JSON bytes of {@code message}. */
  public static byte[] encode(WireMessage message) {
    return CanonicalJson.write(message.toPrimitive());
  }

  /**
   * Decodes one message.
   *
   * @throws RecordException with {@link Rejection#MALFORMED} for anything that is not a message of
   *     a known kind with well-typed fields
   */
  public static WireMessage decode(byte[] bytes, Json.Limits limits) throws RecordException {
    try {
      Map<String, Object> in = JsonFields.object(Json.parse(bytes, limits), "message");
      String kind = JsonFields.string(in, "kind");
      String messageId = JsonFields.string(in, "message_id");
      String namespace = JsonFields.string(in, "namespace");
      String peerId = JsonFields.string(in, "peer_id");
      long createdAtMs = JsonFields.integer(in, "created_at_ms");
      return switch (kind) {
        case NodeGossip.KIND ->
            new NodeGossip(
                messageId, namespace, peerId, createdAtMs, DagNode.fromPrimitive(in.get("node")));
        case Announcement.KIND ->
            new Announcement(
                messageId,
                namespace,
                peerId,
                createdAtMs,
                JsonFields.strings(in, "head_ids", true),
                JsonFields.integer(in, "node_count"));
        case InventoryRequest.KIND ->
            new InventoryRequest(
                messageId,
                namespace,
                peerId,
                createdAtMs,
                JsonFields.strings(in, "known_heads", true),
                JsonFields.integer(in, "node_count"));
        case InventoryResponse.KIND ->
            new InventoryResponse(
                messageId, namespace, peerId, createdAtMs, summary(in.get("summary")));
        case FetchRequest.KIND ->
            new FetchRequest(
                messageId,
                namespace,
                peerId,
                createdAtMs,
                JsonFields.strings(in, "node_ids", true),
                JsonFields.bool(in, "include_bodies"),
                JsonFields.integer(in, "max_ancestor_depth"));
        case FetchResponse.KIND ->
            new FetchResponse(
                messageId,
                namespace,
                peerId,
                createdAtMs,
                snapshots(JsonFields.list(in, "nodes")),
                JsonFields.strings(in, "not_found", true));
        default -> throw new JsonException("unknown kind");
      };
    } catch (JsonException e) {
      throw new RecordException(Rejection.MALFORMED, e.getMessage());
    }
  }

  private static DagSummary summary(Object value) throws JsonException {
    Map<String, Object> in = JsonFields.object(value, "summary");
    return new DagSummary(
        JsonFields.string(in, "namespace"),
        JsonFields.strings(in, "head_ids", true),
        JsonFields.integer(in, "node_count"),
        JsonFields.integer(in, "orphan_count"),
        JsonFields.integer(in, "generated_at_ms"));
  }

  private static List<NodeSnapshot> snapshots(List<?> items) throws JsonException {
    List<NodeSnapshot> out = new ArrayList<>(items.size());
    for (Object item : items) {
      Map<String, Object> in = JsonFields.object(item, "snapshot");
      Object body = in.get("body");
      try {
        out.add(
            new NodeSnapshot(
                DagHeader.fromPrimitive(in.get("header")),
                body == null || body == JsonNull.INSTANCE
                    ? Optional.empty()
                    : Optional.of(DagBody.fromPrimitive(body))));
      } catch (RecordException e) {
        throw new JsonException(e.getMessage());
      }
    }
    return out;
  }
}
