package org.subnetp2p.kademlia.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecord;
import org.subnetp2p.kademlia.wire.PeerEntry;

class PeerStoreTest {
  private static final Multiaddr PLAIN = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
  private static final Multiaddr SIGNED = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");

  private final PrivateKey key = Keys.generateEd25519();
  private final PeerId peer = PeerId.fromPublicKey(key.publicKey());
  private final PeerStore store = new PeerStore(100, 4);

  /** A valid signed record of the signer's own peer at {@code at}. */
  private static ByteString recordOf(PrivateKey signer, Multiaddr at) {
    PeerId self = PeerId.fromPublicKey(signer.publicKey());
    return ByteString.copyFrom(PeerRecord.of(self, List.of(at)).seal(signer).toBytes());
  }

  @Test
  void aValidRecordIsVerifiedWhenTheAddressesAreWantedAndThenRelayed() {
    store.learn(new PeerEntry(peer, List.of(PLAIN), Optional.of(recordOf(key, SIGNED))));

    assertThat(store.record(peer)).as("not verified yet").isEmpty();
    assertThat(store.knownAddresses(peer)).containsExactly(PLAIN);
    assertThat(store.addresses(peer)).containsExactly(SIGNED, PLAIN);
    assertThat(store.record(peer)).isPresent();
  }

  @Test
  void aRecordOfAnotherPeerIsDroppedAndThePlainAddressesStay() {
    PrivateKey other = Keys.generateEd25519();
    store.learn(new PeerEntry(peer, List.of(PLAIN), Optional.of(recordOf(other, SIGNED))));

    assertThat(store.addresses(peer)).containsExactly(PLAIN);
    assertThat(store.record(peer)).isEmpty();
  }

  @Test
  void garbageInARecordIsDropped() {
    store.offerRecord(peer, ByteString.copyFromUtf8("not an envelope"));

    assertThat(store.addresses(peer)).isEmpty();
    assertThat(store.record(peer)).isEmpty();
  }

  @Test
  void aPeerKeepsAtMostItsShareOfAddresses() {
    for (int i = 0; i < 10; i++) {
      store.learn(
          new PeerEntry(
              peer, List.of(Multiaddr.parse("/ip4/10.0.1." + i + "/tcp/1")), Optional.empty()));
    }

    assertThat(store.addresses(peer)).hasSize(4);
  }

  @Test
  void peerIdsAreReadOnceAndRemembered() {
    ByteString bytes = ByteString.copyFrom(peer.toBytes());

    assertThat(store.peerId(bytes)).contains(peer);
    assertThat(store.peerId(bytes)).contains(peer);
    assertThat(store.peerId(ByteString.copyFromUtf8("nope"))).isEmpty();
  }
}
