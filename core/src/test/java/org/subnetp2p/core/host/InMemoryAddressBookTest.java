package org.subnetp2p.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.AddressBook.Source;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

class InMemoryAddressBookTest {
  private static final Duration HOUR = Duration.ofHours(1);

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();

  private static PeerId peer() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  }

  private static Multiaddr tcp(int port) {
    return Multiaddr.parse("/ip4/10.0.0.1/tcp/" + port);
  }

  @Test
  void keepsAtMostThirtyTwoAddressesPerPeer() {
    InMemoryAddressBook book = new InMemoryAddressBook(clock);
    PeerId p = peer();
    List<Multiaddr> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(tcp(1000 + i));
    }
    book.add(p, many, Source.DISCOVERY, HOUR);
    assertThat(book.addresses(p)).hasSize(InMemoryAddressBook.MAX_ADDRESSES_PER_PEER);
  }

  @Test
  void aFullPeerDropsTheAddressExpiringFirstThenTheOldest() {
    InMemoryAddressBook book = new InMemoryAddressBook(clock);
    PeerId p = peer();
    for (int i = 0; i < InMemoryAddressBook.MAX_ADDRESSES_PER_PEER - 1; i++) {
      book.add(p, List.of(tcp(2000 + i)), Source.DISCOVERY, HOUR);
    }
    book.add(p, List.of(tcp(1)), Source.DISCOVERY, Duration.ofMinutes(5));

    book.add(p, List.of(tcp(3)), Source.DISCOVERY, HOUR);
    assertThat(book.addresses(p))
        .hasSize(InMemoryAddressBook.MAX_ADDRESSES_PER_PEER)
        .doesNotContain(tcp(1))
        .contains(tcp(2000), tcp(3));

    book.add(p, List.of(tcp(4)), Source.DISCOVERY, HOUR);
    assertThat(book.addresses(p)).doesNotContain(tcp(2000)).contains(tcp(2001), tcp(3), tcp(4));
  }

  @Test
  void entriesExpireWithTheirTtl() {
    InMemoryAddressBook book = new InMemoryAddressBook(clock);
    PeerId p = peer();
    book.add(p, List.of(tcp(1)), Source.IDENTIFY, Duration.ofMinutes(10));
    book.add(p, List.of(tcp(2)), Source.IDENTIFY, HOUR);
    clock.now = clock.now.plus(Duration.ofMinutes(11));
    assertThat(book.addresses(p)).containsExactly(tcp(2));
    clock.now = clock.now.plus(HOUR);
    assertThat(book.addresses(p)).isEmpty();
    assertThat(book.peers()).isEmpty();
  }

  @Test
  void forgetsTheLeastRecentlyUsedPeersBeyondItsBound() {
    InMemoryAddressBook book = new InMemoryAddressBook(clock, 100);
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      PeerId p = peer();
      peers.add(p);
      book.add(p, List.of(tcp(i + 1)), Source.DISCOVERY, HOUR);
    }
    book.addresses(peers.get(0)); // used again: now among the most recent

    for (int i = 0; i < 1000; i++) {
      book.add(peer(), List.of(tcp(5000 + i)), Source.DISCOVERY, HOUR);
      assertThat(book.size()).isLessThanOrEqualTo(100);
    }
    assertThat(book.addresses(peers.get(1))).as("an old, unused peer").isEmpty();
  }

  @Test
  void aFailingAddressComesLastUntilAConnectionThroughItSucceeds() {
    InMemoryAddressBook book = new InMemoryAddressBook(clock);
    PeerId p = peer();
    book.add(p, List.of(tcp(1)), Source.MANUAL, HOUR);
    book.add(p, List.of(tcp(2)), Source.IDENTIFY, HOUR);
    assertThat(book.addresses(p)).containsExactly(tcp(2), tcp(1));

    book.markFailing(p, tcp(2).withPeerId(p));
    assertThat(book.addresses(p)).containsExactly(tcp(1), tcp(2));
    assertThat(book.entries(p).get(1).failing()).isTrue();

    book.add(p, List.of(tcp(2)), Source.IDENTIFY, HOUR); // announced again: still failing
    assertThat(book.entries(p).get(1).failing()).isTrue();
    book.add(p, List.of(tcp(2)), Source.CONNECTION, HOUR); // connected through it
    assertThat(book.entries(p))
        .first()
        .satisfies(
            e -> {
              assertThat(e.address()).isEqualTo(tcp(2));
              assertThat(e.failing()).isFalse();
            });
    book.markFailing(peer(), tcp(9)); // unknown: ignored
  }
}
