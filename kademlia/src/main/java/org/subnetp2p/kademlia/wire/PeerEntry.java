package org.subnetp2p.kademlia.wire;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.core.record.PeerRecord;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * A peer as a Kademlia message describes it ({@code Message.Peer}), read defensively: an id that is
 * not a peer id drops the entry, addresses that do not parse or name another peer are skipped
 * (py-libp2p appends {@code /p2p/<id>}, which is stripped), and at most {@code maxAddresses} are
 * kept.
 *
 * <p>A signed record that comes with an entry is kept as it came, unverified: checking a signature
 * costs far more than reading the rest, and most peers an answer names are never used. It is
 * verified when it would be used (see {@code store.PeerStore}).
 *
 * @param peer the peer
 * @param addresses where the answer says the peer is, without {@code /p2p/}
 * @param signedRecord the signed peer record that came with it, not yet verified
 */
public record PeerEntry(PeerId peer, List<Multiaddr> addresses, Optional<ByteString> signedRecord) {

  /** Copies the list. */
  public PeerEntry {
    addresses = List.copyOf(addresses);
  }

  /**
   * A verified signed peer record and the bytes it came in, which are relayed as they are.
   *
   * @param envelope the signed envelope's bytes
   * @param record what it says
   */
  public record SignedRecord(byte[] envelope, PeerRecord record) {
    /**
     * Verifies {@code envelope} as a peer record signed by {@code peer}.
     *
     * @throws InvalidRecordException if it does not verify or names another peer
     */
    public static SignedRecord verify(byte[] envelope, PeerId peer) throws InvalidRecordException {
      PeerRecord record = PeerRecord.fromEnvelope(envelope);
      if (!record.peerId().equals(peer)) {
        throw new InvalidRecordException("signed record of " + record.peerId() + " for " + peer);
      }
      return new SignedRecord(envelope.clone(), record);
    }
  }

  /**
   * Reads peer ids, which costs decoding an inline Ed25519 key to check it; implementations may
   * remember answers.
   */
  @FunctionalInterface
  public interface IdReader {
    /** {@code bytes} as a peer id; empty if they are not one. */
    Optional<PeerId> peerId(ByteString bytes);

    /** Reads every id afresh. */
    IdReader PLAIN =
        bytes -> {
          try {
            return Optional.of(PeerId.fromBytes(bytes.toByteArray()));
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
        };
  }

  /** Reads {@code wire}; empty if its id is not a peer id. */
  public static Optional<PeerEntry> read(Message.Peer wire, int maxAddresses, IdReader ids) {
    Optional<PeerId> id = ids.peerId(wire.getId());
    if (id.isEmpty()) {
      return Optional.empty();
    }
    PeerId peer = id.get();
    Set<Multiaddr> addresses = new LinkedHashSet<>();
    int looked = 0;
    for (ByteString raw : wire.getAddrsList()) {
      if (addresses.size() >= maxAddresses || ++looked > 4 * maxAddresses) {
        break;
      }
      parse(raw.toByteArray(), peer).ifPresent(addresses::add);
    }
    Optional<ByteString> record =
        wire.hasSignedRecord() ? Optional.of(wire.getSignedRecord()) : Optional.empty();
    return Optional.of(new PeerEntry(peer, new ArrayList<>(addresses), record));
  }

  /** {@code raw} as an address of {@code peer}, without {@code /p2p/}; empty if unusable. */
  static Optional<Multiaddr> parse(byte[] raw, PeerId peer) {
    try {
      Multiaddr a = Multiaddr.fromBytes(raw);
      Optional<PeerId> named = a.peerId();
      if (named.isPresent() && !named.get().equals(peer)) {
        return Optional.empty();
      }
      Multiaddr bare = a.withoutPeerId();
      return bare.components().isEmpty() ? Optional.empty() : Optional.of(bare);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The wire form of {@code peer} at {@code addresses}, with its signed record if given. */
  public static Message.Peer write(
      PeerId peer,
      List<Multiaddr> addresses,
      Optional<byte[]> signedRecord,
      Message.ConnectionType connection) {
    Message.Peer.Builder b =
        Message.Peer.newBuilder()
            .setId(ByteString.copyFrom(peer.toBytes()))
            .setConnection(connection);
    for (Multiaddr a : addresses) {
      b.addAddrs(ByteString.copyFrom(a.withoutPeerId().toBytes()));
    }
    signedRecord.ifPresent(r -> b.setSignedRecord(ByteString.copyFrom(r)));
    return b.build();
  }
}
