package org.subnetp2p.discovery.gossip.wire;

import java.util.List;
import java.util.Map;

/** A peer's current DAG heads, published on the topic ({@code DagAnnouncement}). */
public record Announcement(
    String messageId,
    String namespace,
    String peerId,
    long createdAtMs,
    List<String> headIds,
    long nodeCount)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "announcement";

  /** Copies the list. */
  public Announcement {
    headIds = List.copyOf(headIds);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    out.put("head_ids", headIds);
    out.put("node_count", nodeCount);
    return out;
  }
}
