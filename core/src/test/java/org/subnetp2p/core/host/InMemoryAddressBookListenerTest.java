package org.subnetp2p.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

class InMemoryAddressBookListenerTest {
  private final PeerId peer = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());

  @Test
  void tellsListenersWhenAPeersProtocolsChange() {
    InMemoryAddressBook book = new InMemoryAddressBook();
    List<Set<String>> heard = new ArrayList<>();
    AddressBook.Listener listener = (p, protocols) -> heard.add(protocols);
    book.addListener(listener);

    book.setProtocols(peer, List.of("/ipfs/kad/1.0.0"));
    book.setProtocols(peer, List.of("/ipfs/kad/1.0.0")); // unchanged: not told again
    book.setProtocols(peer, List.of("/ipfs/kad/1.0.0", "/meshsub/1.1.0"));
    book.removeListener(listener);
    book.setProtocols(peer, List.of());

    assertThat(heard)
        .containsExactly(Set.of("/ipfs/kad/1.0.0"), Set.of("/ipfs/kad/1.0.0", "/meshsub/1.1.0"));
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    InMemoryAddressBook book = new InMemoryAddressBook();
    List<PeerId> heard = new ArrayList<>();
    book.addListener(
        (p, protocols) -> {
          throw new IllegalStateException("boom");
        });
    book.addListener((p, protocols) -> heard.add(p));

    book.setProtocols(peer, List.of("/a"));

    assertThat(heard).containsExactly(peer);
    assertThat(book.protocols(peer)).containsExactly("/a");
  }
}
