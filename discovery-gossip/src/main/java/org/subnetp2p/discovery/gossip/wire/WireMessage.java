package org.subnetp2p.discovery.gossip.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * A DAG wire message. Every kind carries the same envelope: {@code kind}, {@code message_id},
 * {@code namespace}, {@code peer_id} (the sender) and {@code created_at_ms}.
 */
public sealed interface WireMessage
    permits NodeGossip,
        Announcement,
        InventoryRequest,
        InventoryResponse,
        FetchRequest,
        FetchResponse {

  /** The {@code kind} field's value, e.g. {@code node_gossip}. */
  String kind();

  /** The message id. */
  String messageId();

  /** The DAG namespace. */
  String namespace();

  /** The sender's peer id (base58). */
  String peerId();

  /** When the message was made, Unix milliseconds. */
  long createdAtMs();

  /** The message as a JSON object. */
  Map<String, Object> toPrimitive();

  /** The envelope fields shared by every kind. */
  static Map<String, Object> envelope(WireMessage m) {
    Map<String, Object> out = new HashMap<>();
    out.put("created_at_ms", m.createdAtMs());
    out.put("kind", m.kind());
    out.put("message_id", m.messageId());
    out.put("namespace", m.namespace());
    out.put("peer_id", m.peerId());
    return out;
  }
}
