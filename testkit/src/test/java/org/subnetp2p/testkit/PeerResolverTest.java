package org.subnetp2p.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.PeerNotFoundException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** Core's {@link org.subnetp2p.core.discovery.PeerResolver}, as every host uses it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerResolverTest {
  private final SimNetwork network = SimNetwork.create();

  @AfterEach
  void close() {
    network.close();
  }

  private SimHost started() {
    SimHost h = network.newHost();
    h.start();
    return h;
  }

  /** A discovery that answers from a list it is given, counting the questions. */
  private static class Listed implements MultiaddrDiscovery {
    final String name;
    final int cost;
    final List<Multiaddr> answers;
    final AtomicInteger asked = new AtomicInteger();
    volatile CompletableFuture<List<Multiaddr>> pending;

    Listed(String name, int cost, List<Multiaddr> answers) {
      this.name = name;
      this.cost = cost;
      this.answers = answers;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int cost() {
      return cost;
    }

    @Override
    public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
      asked.incrementAndGet();
      if (pending != null) {
        return pending;
      }
      return CompletableFuture.completedFuture(
          answers.stream().filter(a -> a.peerId().orElseThrow().equals(peer)).toList());
    }
  }

  private static Throwable failure(CompletableFuture<?> f) {
    assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return f.handle((r, e) -> e).join();
  }

  /** A dialable address where nobody listens. */
  private static Multiaddr nowhere(PeerId peer) {
    return Multiaddr.parse("/ip4/192.0.2.1/tcp/4001").withPeerId(peer);
  }

  @Test
  void anOpenConnectionIsReusedWithoutAskingAnyone() throws Exception {
    SimHost a = started();
    SimHost b = started();
    Listed dht = new Listed("dht", 50, List.of());
    a.addDiscovery(dht);
    Connection open = a.connect(b.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);

    assertThat(a.connect(b.peerId()).get(20, TimeUnit.SECONDS)).isSameAs(open);
    assertThat(dht.asked).hasValue(0);
  }

  @Test
  void theAddressBookComesBeforeTheDiscoveries() throws Exception {
    SimHost a = started();
    SimHost b = started();
    Listed dht = new Listed("dht", 50, List.of());
    a.addDiscovery(dht);
    a.addressBook()
        .add(b.peerId(), b.listenAddresses(), AddressBook.Source.MANUAL, Duration.ofHours(1));

    assertThat(a.connect(b.peerId()).get(20, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    assertThat(dht.asked).hasValue(0);
  }

  @Test
  void discoveriesAreAskedCheapestFirstUntilOneAnswers() throws Exception {
    SimHost a = started();
    SimHost b = started();
    Listed chain = new Listed("chain", 100, b.dialableAddresses());
    Listed dht = new Listed("dht", 50, b.dialableAddresses());
    Listed gossip = new Listed("gossip", 10, List.of());
    a.addDiscovery(chain);
    a.addDiscovery(dht);
    a.addDiscovery(gossip);

    Connection c = a.connect(b.peerId()).get(20, TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThat(a.resolver().discoveries()).containsExactly(gossip, dht, chain);
    assertThat(gossip.asked).hasValue(1);
    assertThat(dht.asked).hasValue(1);
    assertThat(chain.asked).as("stopped at the first answer").hasValue(0);
    assertThat(a.addressBook().entries(b.peerId()))
        .extracting(AddressBook.Entry::source)
        .contains(AddressBook.Source.DHT);
  }

  @Test
  void aFailedDialMovesOnToTheNextAddressThenTheNextSource() throws Exception {
    SimHost a = started();
    SimHost b = started();
    a.addressBook()
        .add(
            b.peerId(),
            List.of(nowhere(b.peerId()).withoutPeerId()),
            AddressBook.Source.MANUAL,
            Duration.ofHours(1));
    Listed gossip =
        new Listed(
            "gossip",
            10,
            List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/4001").withPeerId(b.peerId())));
    Listed dht =
        new Listed(
            "dht",
            50,
            List.of(
                Multiaddr.parse("/ip4/192.0.2.3/tcp/4001").withPeerId(b.peerId()),
                b.dialableAddresses().get(0)));
    a.addDiscovery(dht);
    a.addDiscovery(gossip);

    assertThat(a.connect(b.peerId()).get(20, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    assertThat(gossip.asked).hasValue(1);
    assertThat(dht.asked).hasValue(1);
  }

  @Test
  void aPeerNobodyKnowsFailsNamingTheSourcesAsked() {
    SimHost a = started();
    a.addDiscovery(new Listed("dht", 50, List.of()));
    a.addDiscovery(new Listed("chain", 100, List.of()));
    PeerId unknown = network.newHost().peerId();

    Throwable error = failure(a.connect(unknown));

    assertThat(error).isInstanceOf(PeerNotFoundException.class).isInstanceOf(DialException.class);
    assertThat(((PeerNotFoundException) error).sourcesAsked())
        .containsExactly("address book", "dht", "chain");
    assertThat(error).hasMessageContaining("address book, dht, chain");
  }

  @Test
  void aPeerWhoseAddressesAllFailIsADialErrorListingThem() {
    SimHost a = started();
    PeerId gone = network.newHost().peerId();
    a.addDiscovery(new Listed("dht", 50, List.of(nowhere(gone))));

    Throwable error = failure(a.connect(gone));

    assertThat(error)
        .isInstanceOf(DialException.class)
        .isNotInstanceOf(PeerNotFoundException.class)
        .hasMessageContaining("192.0.2.1");
  }

  @Test
  void aDiscoveryThatFailsOrNeverAnswersIsSkipped() throws Exception {
    SimHost a = started();
    SimHost b = started();
    a.resolver().setFindTimeout(Duration.ofMillis(200));
    Listed broken = new Listed("broken", 1, List.of());
    broken.pending = CompletableFuture.failedFuture(new IllegalStateException("down"));
    Listed silent = new Listed("silent", 2, List.of());
    silent.pending = new CompletableFuture<>();
    a.addDiscovery(broken);
    a.addDiscovery(silent);
    a.addDiscovery(new Listed("chain", 100, b.dialableAddresses()));

    assertThat(a.connect(b.peerId()).get(20, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
  }

  @Test
  void concurrentConnectsToOnePeerShareOneResolution() throws Exception {
    SimHost a = started();
    SimHost b = started();
    Listed dht = new Listed("dht", 50, List.of());
    dht.pending = new CompletableFuture<>();
    a.addDiscovery(dht);

    List<CompletableFuture<Connection>> connects = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      connects.add(a.connect(b.peerId()));
    }
    dht.pending.complete(b.dialableAddresses());

    for (CompletableFuture<Connection> c : connects) {
      assertThat(c.get(20, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    }
    assertThat(dht.asked).hasValue(1);
  }

  @Test
  void findReturnsTheAddressesWithTheirSourceWithoutDialling() throws Exception {
    SimHost a = started();
    SimHost b = started();
    a.addDiscovery(new Listed("gossip", 10, b.dialableAddresses()));

    List<AddressBook.Entry> found = a.resolver().find(b.peerId()).get(20, TimeUnit.SECONDS);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).address()).isEqualTo(b.listenAddresses().get(0));
    assertThat(found.get(0).source().label()).isEqualTo("gossip");
    assertThat(a.connections()).isEmpty();
  }

  @Test
  void addressesNamingAnotherPeerAreIgnored() {
    SimHost a = started();
    SimHost b = started();
    SimHost c = started();
    a.addDiscovery(
        new Listed("dht", 50, List.of()) {
          @Override
          public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
            return CompletableFuture.completedFuture(c.dialableAddresses());
          }
        });

    assertThat(failure(a.connect(b.peerId()))).isInstanceOf(PeerNotFoundException.class);
    assertThat(a.connections()).isEmpty();
  }
}
