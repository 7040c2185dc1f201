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
 * (py-libp2p appends {@code /p2p/<id>}, which is stripped), at most {@code maxAddresses} are kept,
 * and a signed record counts only if it verifies and names the entry's peer.
 *
 * @param peer the peer
 * @param addresses where it says the peer is, without {@code /p2p/}: the signed record's first
 * @param record the verified signed peer record, if one came with it
 */
public record PeerEntry(PeerId peer, List<Multiaddr> addresses, Optional<SignedRecord> record) {

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

  /** Checks a signed record for a peer: empty unless it verifies and names that peer. */
  @FunctionalInterface
  public interface RecordVerifier {
    Optional<SignedRecord> verify(ByteString envelope, PeerId peer);

    /** Verifies every record afresh. */
    RecordVerifier ALWAYS =
        (envelope, peer) -> {
          try {
            return Optional.of(SignedRecord.verify(envelope.toByteArray(), peer));
          } catch (InvalidRecordException e) {
            return Optional.empty();
          }
        };
  }

  /** Reads {@code wire}; empty if its id is not a peer id. */
  public static Optional<PeerEntry> read(
      Message.Peer wire, int maxAddresses, RecordVerifier verifier) {
    PeerId peer;
    try {
      peer = PeerId.fromBytes(wire.getId().toByteArray());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<SignedRecord> record = Optional.empty();
    Set<Multiaddr> addresses = new LinkedHashSet<>();
    if (wire.hasSignedRecord()) {
      // Unverified, a record is ignored: the entry's plain addresses still count, as they would
      // without one.
      record = verifier.verify(wire.getSignedRecord(), peer);
      for (Multiaddr a : record.map(r -> r.record().addresses()).orElse(List.of())) {
        if (addresses.size() < maxAddresses) {
          addresses.add(a);
        }
      }
    }
    int looked = 0;
    for (ByteString raw : wire.getAddrsList()) {
      if (addresses.size() >= maxAddresses || ++looked > 4 * maxAddresses) {
        break;
      }
      parse(raw.toByteArray(), peer).ifPresent(addresses::add);
    }
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
