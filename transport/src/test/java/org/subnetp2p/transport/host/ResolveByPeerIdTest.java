package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.PeerNotFoundException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** {@code connect(PeerId)} over real TCP: through the discoveries attached to the host. */
class ResolveByPeerIdTest {
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void close() {
    hosts.close();
  }

  private static MultiaddrDiscovery knowing(String name, List<Multiaddr> addresses) {
    return new MultiaddrDiscovery() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int cost() {
        return 50;
      }

      @Override
      public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
        return CompletableFuture.completedFuture(
            addresses.stream().filter(a -> a.peerId().orElseThrow().equals(peer)).toList());
      }
    };
  }

  @Test
  void aPeerIdIsResolvedThroughAnAttachedDiscoveryAndItsSourceRecorded() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    a.addDiscovery(knowing("dht", b.dialableAddresses()));

    assertThat(a.connect(b.peerId()).get(20, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    assertThat(a.addressBook().entries(b.peerId()))
        .extracting(AddressBook.Entry::source)
        .contains(AddressBook.Source.DHT);
  }

  @Test
  void anUnknownPeerIsNotFound() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    PeerId stranger = b.peerId();
    a.addDiscovery(knowing("chain", List.of()));

    assertThatThrownBy(() -> a.connect(stranger).get(20, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PeerNotFoundException.class)
        .hasMessageContaining("address book, chain");
  }
}
