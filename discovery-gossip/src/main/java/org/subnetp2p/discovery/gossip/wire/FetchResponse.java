package org.subnetp2p.discovery.gossip.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers a {@link FetchRequest} ({@code DagFetchResponse}). */
public record FetchResponse(
    String messageId,
    String namespace,
    String peerId,
    long createdAtMs,
    List<NodeSnapshot> nodes,
    List<String> notFound)
    implements WireMessage {
  /** The {@code kind} value. */
  public static final String KIND = "fetch_response";

  /** Copies the lists. */
  public FetchResponse {
    nodes = List.copyOf(nodes);
    notFound = List.copyOf(notFound);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = WireMessage.envelope(this);
    List<Object> list = new ArrayList<>(nodes.size());
    nodes.forEach(n -> list.add(n.toPrimitive()));
    out.put("nodes", list);
    out.put("not_found", notFound);
    return out;
  }
}
