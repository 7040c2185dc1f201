package org.subnetp2p.discovery.gossip.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.discovery.gossip.testing.TestKeys;
import org.subnetp2p.discovery.gossip.testing.TestRecords;

class DagStoreTest {
  private static final long T = 1_700_000_000_000L;
  private final PrivateKey key = TestKeys.key();

  private DagNode node(long createdAtMs, DagNode... parents) {
    return TestRecords.node(
        key, java.util.Arrays.stream(parents).map(DagNode::id).toList(), createdAtMs);
  }

  private static DagStore.Added add(DagStore store, DagNode node) {
    try {
      return store.add(node, DagNodes.verify(node));
    } catch (RecordException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theOldestNodesGoPastTheNodeBound() {
    DagStore store = new DagStore(3, 1 << 30);
    DagNode a = node(T + 1);
    DagNode b = node(T + 2);
    DagNode c = node(T + 3);
    DagNode d = node(T + 4);
    add(store, b);
    add(store, a);
    add(store, d);

    assertThat(add(store, c).status()).isEqualTo(DagStore.Status.ADDED);

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.contains(a.id())).isFalse();
    assertThat(store.contains(b.id())).isTrue();
  }

  @Test
  void theOldestNodesGoPastTheByteBudget() {
    DagNode a = node(T + 1);
    int charge = DagStore.charge(verifySize(a));
    DagStore store = new DagStore(1_000, 2L * charge + charge / 2);
    add(store, a);
    add(store, node(T + 2));

    add(store, node(T + 3));

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.bytes()).isLessThanOrEqualTo(2L * charge + charge / 2);
    assertThat(store.contains(a.id())).isFalse();
  }

  @Test
  void aFullStoreDoesNotTakeANodeOlderThanAllItHolds() {
    DagStore store = new DagStore(2, 1 << 30);
    add(store, node(T + 5));
    add(store, node(T + 6));

    DagStore.Added old = add(store, node(T + 1));

    assertThat(old.status()).isEqualTo(DagStore.Status.TOO_OLD);
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void orphansWaitForTheirParentsUntilTheyArriveOrAreGivenUp() {
    DagStore store = new DagStore(100, 1 << 30);
    DagNode p1 = node(T + 1);
    DagNode p2 = node(T + 2);
    DagNode child = node(T + 3, p1, p2);

    DagStore.Added added = add(store, child);
    assertThat(added.missingParents()).containsExactlyInAnyOrder(p1.id(), p2.id());
    assertThat(store.orphanCount()).isEqualTo(1);
    assertThat(store.missingParents(10)).containsExactlyInAnyOrder(p1.id(), p2.id());

    add(store, p1);
    assertThat(store.missingParents(10)).containsExactly(p2.id());
    store.giveUp(p2.id());

    assertThat(store.missingParents(10)).isEmpty();
    assertThat(store.orphanCount()).isZero();
    assertThat(add(store, child).status()).isEqualTo(DagStore.Status.DUPLICATE);
  }

  @Test
  void fetchesListAncestorsFirstInSubnetTemplatesOrder() {
    DagStore store = new DagStore(100, 1 << 30);
    DagNode g = node(T + 1);
    DagNode a = node(T + 2, g);
    DagNode c = node(T + 3);
    DagNode b = node(T + 4, a, c);
    for (DagNode n : List.of(g, a, c, b)) {
      add(store, n);
    }
    // visit(b): visited; parents in sorted order (a, c), each after its own ancestors; then b.
    List<String> parentsOfB = b.header().parentIds();
    DagNode first = parentsOfB.get(0).equals(a.id()) ? a : c;

    List<DagNode> deep = store.forFetch(List.of(b.id()), 2, 100, 1 << 30);
    List<DagNode> shallow =
        store.forFetch(List.of(b.id(), "sha256:" + "0".repeat(64)), 0, 100, 1 << 30);
    List<DagNode> capped = store.forFetch(List.of(b.id()), 2, 2, 1 << 30);

    List<DagNode> expected = first == a ? List.of(g, a, c, b) : List.of(c, g, a, b);
    assertThat(deep).containsExactlyElementsOf(expected);
    assertThat(shallow).containsExactly(b);
    assertThat(capped).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(store.forFetch(List.of(b.id()), 1, 100, 1 << 30))
        .containsExactlyElementsOf(first == a ? List.of(a, c, b) : List.of(c, a, b));
  }

  @Test
  void theSummaryAdvertisesOnlyRecentHeadsWhoseWholeAncestryIsHeld() {
    DagStore store = new DagStore(100, 1 << 30);
    long now = T + 100_000;
    DagNode root = node(T);
    DagNode recent = node(now - 1_000, root);
    DagNode staleHead = node(now - 90_000);
    DagNode orphan = node(now - 500, node(now - 600));
    for (DagNode n : List.of(root, recent, staleHead, orphan)) {
      add(store, n);
    }

    DagStore.Summary summary = store.summary(now, 60_000);

    assertThat(summary.headIds()).containsExactly(recent.id());
    assertThat(summary.nodeCount()).isEqualTo(2);
    assertThat(summary.orphanCount()).isEqualTo(1);
  }

  @Test
  void aHeadWhoseAncestorWasEvictedIsNoLongerAdvertised() {
    DagStore store = new DagStore(2, 1 << 30);
    long now = T + 10_000;
    DagNode root = node(T);
    DagNode child = node(T + 1, root);
    add(store, root);
    add(store, child);
    assertThat(store.summary(now, 60_000).headIds()).containsExactly(child.id());

    DagNode other = node(T + 2);
    add(store, other);

    assertThat(store.contains(root.id())).isFalse();
    assertThat(store.summary(now, 60_000).headIds()).containsExactly(other.id());
    assertThat(store.missingParents(10)).isEmpty(); // nothing is fetched again for the bound
  }

  private static int verifySize(DagNode node) {
    try {
      return DagNodes.verify(node);
    } catch (RecordException e) {
      throw new AssertionError(e);
    }
  }
}
