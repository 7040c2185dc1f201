package org.subnetp2p.discovery.gossip.wire;

import java.util.Map;

/**
 * Answers an {@link InventoryRequest} with the responder's summary ({@code DagInventoryResponse}).
 */
public record InventoryResponse(
    String messageId, String namespace, String peerId, long createdAtMs, DagSummary summary)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "inventory_response";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    out.put("summary", summary.toPrimitive());
    return out;
  }
}
