package org.subnetp2p.discovery.gossip.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.testing.TestKeys;
import org.subnetp2p.discovery.gossip.testing.TestRecords;

class DagNodesTest {
  private final PrivateKey key = TestKeys.key();
  private static final String P1 = "sha256:" + "1".repeat(64);
  private static final String P2 = "sha256:" + "2".repeat(64);

  @Test
  void aCreatedNodeVerifiesWithSortedUniqueParents() throws RecordException {
    DagNode node = TestRecords.node(key, List.of(P2, P1, P2), 5);

    assertThat(node.header().parentIds()).containsExactly(P1, P2);
    assertThat(DagNodes.verify(node))
        .isEqualTo(DagNodes.signingBytes(node.header()).length + node.header().bodySize());
    assertThat(DagNodes.signer(node.header())).isEqualTo(TestKeys.peerOf(key));
  }

  @Test
  void parentListsSubnetTemplateRefusesAreMalformed() {
    for (List<String> parents : List.of(List.of(P2, P1), List.of(P1, P1), List.of("not-an-id"))) {
      DagNode node = withParents(TestRecords.node(key, List.of(), 5), parents);
      assertThatThrownBy(() -> DagNodes.verify(node))
          .isInstanceOfSatisfying(
              RecordException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.MALFORMED));
    }
  }

  @Test
  void aNodeNamingItselfAsParentIsMalformed() {
    DagNode node = TestRecords.node(key, List.of(), 5);
    DagNode selfish = withParents(node, List.of(node.id()));

    assertThatThrownBy(() -> DagNodes.verify(selfish))
        .isInstanceOfSatisfying(
            RecordException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.MALFORMED));
  }

  private static DagNode withParents(DagNode node, List<String> parents) {
    DagHeader h = node.header();
    return new DagNode(
        new DagHeader(
            h.nodeId(),
            h.namespace(),
            h.schemaId(),
            parents,
            h.bodyHash(),
            h.bodySize(),
            h.author(),
            h.publicKey(),
            h.signature(),
            h.createdAtMs(),
            h.version(),
            h.metadata()),
        node.body());
  }
}
