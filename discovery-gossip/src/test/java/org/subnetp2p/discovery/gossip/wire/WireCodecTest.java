package org.subnetp2p.discovery.gossip.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;

/** The sync messages in the shape subnet-template's models write them (keys sorted, compact). */
class WireCodecTest {
  private static final Json.Limits LIMITS = new Json.Limits(1 << 16, 32);
  private static final String H = "sha256:" + "a".repeat(64);

  private static String text(WireMessage m) {
    return new String(WireCodec.encode(m), StandardCharsets.US_ASCII);
  }

  @Test
  void requestsAndResponsesHaveSubnetTemplatesFields() {
    assertThat(text(new InventoryRequest("inventory:A:B:5", "general-dag", "A", 5, List.of(H), 2)))
        .isEqualTo(
            "{\"created_at_ms\":5,\"kind\":\"inventory_request\",\"known_heads\":[\""
                + H
                + "\"],\"message_id\":\"inventory:A:B:5\",\"namespace\":\"general-dag\","
                + "\"node_count\":2,\"peer_id\":\"A\"}");
    assertThat(
            text(
                new InventoryResponse(
                    "m",
                    "general-dag",
                    "B",
                    6,
                    new DagSummary("general-dag", List.of(H), 3, 0, 6))))
        .isEqualTo(
            "{\"created_at_ms\":6,\"kind\":\"inventory_response\",\"message_id\":\"m\","
                + "\"namespace\":\"general-dag\",\"peer_id\":\"B\",\"summary\":{"
                + "\"generated_at_ms\":6,\"head_ids\":[\""
                + H
                + "\"],\"namespace\":\"general-dag\",\"node_count\":3,\"orphan_count\":0}}");
    assertThat(text(new FetchRequest("f", "general-dag", "A", 7, List.of(H), true, 0)))
        .isEqualTo(
            "{\"created_at_ms\":7,\"include_bodies\":true,\"kind\":\"fetch_request\","
                + "\"max_ancestor_depth\":0,\"message_id\":\"f\",\"namespace\":\"general-dag\","
                + "\"node_ids\":[\""
                + H
                + "\"],\"peer_id\":\"A\"}");
    assertThat(text(new FetchResponse("f", "general-dag", "B", 8, List.of(), List.of(H))))
        .isEqualTo(
            "{\"created_at_ms\":8,\"kind\":\"fetch_response\",\"message_id\":\"f\","
                + "\"namespace\":\"general-dag\",\"nodes\":[],\"not_found\":[\""
                + H
                + "\"],\"peer_id\":\"B\"}");
    assertThat(text(new Announcement("announcement:x", "general-dag", "A", 9, List.of(), 0)))
        .isEqualTo(
            "{\"created_at_ms\":9,\"head_ids\":[],\"kind\":\"announcement\",\"message_id\":"
                + "\"announcement:x\",\"namespace\":\"general-dag\",\"node_count\":0,"
                + "\"peer_id\":\"A\"}");
  }

  @Test
  void everyKindDecodesBackToTheSameMessage() throws RecordException {
    List<WireMessage> messages =
        List.of(
            new InventoryRequest("i", "general-dag", "A", 5, List.of(H), 2),
            new FetchRequest("f", "general-dag", "A", 7, List.of(H, H), false, 3),
            new FetchResponse("f", "general-dag", "B", 8, List.of(), List.of(H)),
            new Announcement("a", "general-dag", "A", 9, List.of(H), 1));
    for (WireMessage m : messages) {
      assertThat(WireCodec.decode(WireCodec.encode(m), LIMITS)).isEqualTo(m);
    }
  }

  @Test
  void fieldsOfTheWrongTypeOrUnknownKindsAreMalformed() {
    String fetch = text(new FetchRequest("f", "general-dag", "A", 7, List.of(H), true, 0));
    for (String bad :
        List.of(
            fetch.replace("\"include_bodies\":true", "\"include_bodies\":1"),
            fetch.replace("\"max_ancestor_depth\":0", "\"max_ancestor_depth\":\"0\""),
            fetch.replace("\"kind\":\"fetch_request\"", "\"kind\":\"fetch_everything\""),
            fetch.replace("\"peer_id\":\"A\"", "\"peer_id\":null"),
            "{}")) {
      assertThatThrownBy(() -> WireCodec.decode(bad.getBytes(StandardCharsets.UTF_8), LIMITS))
          .isInstanceOfSatisfying(
              RecordException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.MALFORMED));
    }
  }
}
