package org.subnetp2p.kademlia;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.kademlia.store.PeerStore;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.PeerEntry.SignedRecord;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * Where the DHT looks up and files what it knows of peers: the host's address book (filled by
 * connections and identify) and the DHT's own store of what others said. Decides which addresses to
 * dial and which to tell others.
 */
final class PeerDirectory {
  /** How long an address the DHT dialled stays in the host's address book. */
  private static final Duration LEARNED_TTL = Duration.ofHours(1);

  private final Host host;
  private final PeerStore store;
  private final int maxAddresses;
  private final int maxPeersPerAnswer;

  PeerDirectory(Host host, PeerStore store, KadConfig config) {
    this.host = host;
    this.store = store;
    this.maxAddresses = config.maxAddressesPerPeer();
    this.maxPeersPerAnswer = config.maxCloserPeers();
  }

  PeerStore store() {
    return store;
  }

  /**
   * The addresses to dial {@code peer} at, best first: what the peer itself announced (identify) or
   * the operator gave, then what others said, then the addresses of past connections, which for
   * inbound ones are only the peer's outgoing port.
   */
  List<Multiaddr> dialable(PeerId peer) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    List<AddressBook.Entry> entries = host.addressBook().entries(peer);
    for (AddressBook.Entry e : entries) {
      if (e.source() != AddressBook.Source.CONNECTION) {
        out.add(e.address());
      }
    }
    out.addAll(store.addresses(peer));
    for (AddressBook.Entry e : entries) {
      out.add(e.address());
    }
    return new ArrayList<>(out);
  }

  /**
   * Files an address the DHT is about to dial in the host's address book, with the DHT as its
   * source unless the book had it already: the operator sees where it came from.
   */
  void dialling(PeerId peer, Multiaddr address) {
    host.addressBook().add(peer, List.of(address), AddressBook.Source.DHT, LEARNED_TTL);
  }

  /**
   * The addresses to tell others for {@code peer}: never a connection's outgoing port if avoidable.
   */
  List<Multiaddr> shareable(PeerId peer) {
    if (peer.equals(host.peerId())) {
      return host.listenAddresses().stream().limit(maxAddresses).toList();
    }
    Set<Multiaddr> out = new LinkedHashSet<>();
    List<AddressBook.Entry> entries = host.addressBook().entries(peer);
    for (AddressBook.Entry e : entries) {
      if (e.source() != AddressBook.Source.CONNECTION) {
        out.add(e.address());
      }
    }
    out.addAll(store.knownAddresses(peer));
    if (out.isEmpty()) {
      entries.forEach(e -> out.add(e.address()));
    }
    return out.stream().limit(maxAddresses).toList();
  }

  /**
   * {@code peer} as an answer describes it: its addresses and, if we hold one, its signed record.
   */
  Message.Peer entry(PeerId peer) {
    Optional<byte[]> record =
        peer.equals(host.peerId())
            ? host.signedPeerRecord().map(r -> r.toBytes())
            : store.record(peer).map(SignedRecord::envelope);
    Message.ConnectionType connection =
        host.connection(peer).isPresent()
            ? Message.ConnectionType.CONNECTED
            : Message.ConnectionType.CAN_CONNECT;
    return PeerEntry.write(peer, shareable(peer), record, connection);
  }

  /**
   * Reads the peers of an answer: at most the configured number, each defensively (see {@link
   * PeerEntry}), and files what they say.
   */
  List<PeerEntry> read(List<Message.Peer> wire) {
    List<PeerEntry> out = new ArrayList<>();
    for (Message.Peer p : wire) {
      if (out.size() == maxPeersPerAnswer) {
        break;
      }
      PeerEntry.read(p, maxAddresses, store)
          .filter(e -> !e.peer().equals(host.peerId()))
          .ifPresent(
              e -> {
                store.learn(e);
                out.add(e);
              });
    }
    return out;
  }

  /** Files the sender's own signed record, if it carries one, to be verified when needed. */
  void learnSender(PeerId sender, Message message) {
    if (message.hasSenderRecord()) {
      store.offerRecord(sender, message.getSenderRecord());
    }
  }

  /** Our own signed peer record, attached to what we send. */
  Optional<ByteString> ownRecord() {
    return host.signedPeerRecord().map(r -> ByteString.copyFrom(r.toBytes()));
  }
}
