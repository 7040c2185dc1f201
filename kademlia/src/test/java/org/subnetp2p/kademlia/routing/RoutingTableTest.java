package org.subnetp2p.kademlia.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

class RoutingTableTest {
  private final PeerId self = random();
  private final Key selfKey = Key.of(self);

  private static PeerId random() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  }

  /** Fresh peers whose keys share no leading bit with ours: all in bucket 0. */
  private List<PeerId> inBucketZero(int n) {
    List<PeerId> out = new ArrayList<>();
    while (out.size() < n) {
      PeerId p = random();
      if (selfKey.commonPrefixLength(Key.of(p)) == 0) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void aFullBucketKeepsNewcomersAsReplacementsAndPromotesTheNewestOnEviction() {
    RoutingTable table = new RoutingTable(self, 3);
    List<PeerId> peers = inBucketZero(6);

    for (int i = 0; i < 3; i++) {
      assertThat(table.add(peers.get(i))).isEqualTo(RoutingTable.Outcome.ADDED);
    }
    assertThat(table.add(peers.get(3))).isEqualTo(RoutingTable.Outcome.CACHED);
    assertThat(table.add(peers.get(4))).isEqualTo(RoutingTable.Outcome.CACHED);
    assertThat(table.add(peers.get(0))).isEqualTo(RoutingTable.Outcome.PRESENT);

    assertThat(table.evict(peers.get(1))).isEqualTo(peers.get(4));
    assertThat(table.bucket(0)).containsExactlyInAnyOrder(peers.get(0), peers.get(2), peers.get(4));
    assertThat(table.evict(peers.get(2))).isEqualTo(peers.get(3));
    assertThat(table.evict(peers.get(3))).isNull();
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void theReplacementCacheIsBoundedToTheBucketSize() {
    RoutingTable table = new RoutingTable(self, 2);
    List<PeerId> peers = inBucketZero(10);
    peers.forEach(table::add);

    table.evict(peers.get(0));
    table.evict(peers.get(1));
    table.evict(peers.get(9));
    table.evict(peers.get(8));

    assertThat(table.size()).isZero();
  }

  @Test
  void weAreNeverInOurOwnTable() {
    RoutingTable table = new RoutingTable(self, 20);

    assertThat(table.add(self)).isEqualTo(RoutingTable.Outcome.SELF);
    assertThat(table.size()).isZero();
  }

  @Test
  void closestAreSortedByXorDistanceToTheTarget() {
    RoutingTable table = new RoutingTable(self, 20);
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      PeerId p = random();
      peers.add(p);
      table.add(p);
    }
    Key target = Key.of(new byte[] {9, 9});

    List<PeerId> closest = table.closest(target, 10);

    List<PeerId> inTable = new ArrayList<>(table.peers());
    inTable.sort((a, b) -> target.compareDistance(Key.of(a), Key.of(b)));
    assertThat(closest).containsExactlyElementsOf(inTable.subList(0, 10));
  }
}
