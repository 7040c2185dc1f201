package org.subnetp2p.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

class InMemoryAddressBookSourceTest {
  private final PeerId peer = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  private final Multiaddr address = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
  private final MutableClock clock = new MutableClock();
  private final InMemoryAddressBook book = new InMemoryAddressBook(clock);

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void anAddressKeepsTheSourceThatFirstGaveItWhileItsLastSeenTimeMovesOn() {
    book.add(peer, List.of(address), AddressBook.Source.DHT, Duration.ofHours(1));
    clock.now = clock.now.plusSeconds(60);
    book.add(peer, List.of(address), AddressBook.Source.IDENTIFY, Duration.ofHours(1));

    AddressBook.Entry e = book.entries(peer).get(0);
    assertThat(e.source()).isEqualTo(AddressBook.Source.DHT);
    assertThat(e.source().label()).isEqualTo("dht");
    assertThat(e.lastSeen()).isEqualTo(clock.now);
    assertThat(e.expires()).isEqualTo(clock.now.plus(Duration.ofHours(1)));
  }

  @Test
  void anExpiredAddressLearnedAgainTakesItsNewSource() {
    book.add(peer, List.of(address), AddressBook.Source.GOSSIP, Duration.ofMinutes(1));
    clock.now = clock.now.plusSeconds(120);
    book.add(peer, List.of(address), AddressBook.Source.CHAIN, Duration.ofHours(1));

    assertThat(book.entries(peer))
        .extracting(AddressBook.Entry::source)
        .containsExactly(AddressBook.Source.CHAIN);
  }

  @Test
  void discoveriesMapToTheirOwnSources() {
    assertThat(AddressBook.Source.forDiscovery("dht")).isEqualTo(AddressBook.Source.DHT);
    assertThat(AddressBook.Source.forDiscovery("gossip")).isEqualTo(AddressBook.Source.GOSSIP);
    assertThat(AddressBook.Source.forDiscovery("chain")).isEqualTo(AddressBook.Source.CHAIN);
    assertThat(AddressBook.Source.forDiscovery("static")).isEqualTo(AddressBook.Source.DISCOVERY);
  }
}
