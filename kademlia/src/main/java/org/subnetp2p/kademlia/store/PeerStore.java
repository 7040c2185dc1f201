package org.subnetp2p.kademlia.store;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.PeerEntry.SignedRecord;

/**
 * What the DHT learned about peers from other peers' answers: their addresses, and the newest
 * signed peer record each one made. Bounded: the least recently used peers are forgotten beyond
 * {@code maxPeers}, and a peer keeps at most {@code maxAddresses} addresses. Thread-safe.
 *
 * <p>Checking a signature costs far more than the rest of an answer, so a record, whether a peer
 * sent its own or relayed another's, waits unverified until the peer's addresses are wanted for a
 * dial; a record that does not verify then is dropped. Only verified records are relayed. Verified
 * records (and peer ids, whose inline keys are decoded to check them) are remembered by their
 * bytes, so what many peers relay is checked once.
 */
public final class PeerStore implements PeerEntry.IdReader {
  private final int maxAddresses;
  private final Map<PeerId, Known> peers;
  private final Map<ByteString, SignedRecord> verified;
  private final Map<ByteString, PeerId> ids;

  private static final class Known {
    List<Multiaddr> addresses = List.of();
    SignedRecord record;
    ByteString pending;
  }

  /** A store of at most {@code maxPeers} peers with {@code maxAddresses} addresses each. */
  public PeerStore(int maxPeers, int maxAddresses) {
    this.maxAddresses = maxAddresses;
    this.peers = lru(maxPeers);
    this.verified = lru(Math.max(16, maxPeers / 4));
    this.ids = lru(maxPeers);
  }

  private static <K, V> Map<K, V> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /** Records what {@code entry} says: its addresses first, then those known before. */
  public synchronized void learn(PeerEntry entry) {
    Known k = peers.computeIfAbsent(entry.peer(), p -> new Known());
    k.addresses = merge(entry.addresses(), k.addresses);
    entry.signedRecord().ifPresent(r -> offerRecord(entry.peer(), r));
  }

  /**
   * Keeps {@code envelope}, said to be {@code peer}'s signed record, to be verified when the peer's
   * addresses are wanted for a dial.
   */
  public synchronized void offerRecord(PeerId peer, ByteString envelope) {
    Known k = peers.computeIfAbsent(peer, p -> new Known());
    if (k.record == null || !ByteString.copyFrom(k.record.envelope()).equals(envelope)) {
      k.pending = envelope;
    }
  }

  /**
   * Verifies {@code envelope} as {@code peer}'s signed record now and keeps it if it is newer than
   * the one held.
   */
  public void learnRecord(PeerId peer, ByteString envelope) {
    verify(envelope, peer).ifPresent(r -> keep(peer, r));
  }

  private synchronized void keep(PeerId peer, SignedRecord record) {
    Known k = peers.computeIfAbsent(peer, p -> new Known());
    if (k.record == null || record.record().seq() > k.record.record().seq()) {
      k.record = record;
      k.addresses = merge(record.record().addresses(), k.addresses);
    }
  }

  private List<Multiaddr> merge(List<Multiaddr> first, List<Multiaddr> then) {
    Set<Multiaddr> merged = new LinkedHashSet<>(first);
    merged.addAll(then);
    return merged.stream().limit(maxAddresses).toList();
  }

  /**
   * The addresses learned for {@code peer}, its signed record's first, for a dial: a record relayed
   * by others is verified now.
   */
  public List<Multiaddr> addresses(PeerId peer) {
    ByteString pending;
    synchronized (this) {
      Known k = peers.get(peer);
      if (k == null) {
        return List.of();
      }
      pending = k.pending;
      k.pending = null;
    }
    if (pending != null) {
      learnRecord(peer, pending);
    }
    synchronized (this) {
      Known k = peers.get(peer);
      return k == null ? List.of() : new ArrayList<>(k.addresses);
    }
  }

  /** The addresses learned for {@code peer}, without verifying anything, for telling others. */
  public synchronized List<Multiaddr> knownAddresses(PeerId peer) {
    Known k = peers.get(peer);
    return k == null ? List.of() : new ArrayList<>(k.addresses);
  }

  /** The newest verified signed record of {@code peer}. */
  public synchronized Optional<SignedRecord> record(PeerId peer) {
    Known k = peers.get(peer);
    return k == null ? Optional.empty() : Optional.ofNullable(k.record);
  }

  @Override
  public Optional<PeerId> peerId(ByteString bytes) {
    PeerId known;
    synchronized (this) {
      known = ids.get(bytes);
    }
    if (known != null) {
      return Optional.of(known);
    }
    Optional<PeerId> id = PeerEntry.IdReader.PLAIN.peerId(bytes);
    id.ifPresent(
        p -> {
          synchronized (this) {
            ids.put(bytes, p);
          }
        });
    return id;
  }

  /** {@code envelope} as a signed record of {@code peer}: empty unless it verifies and names it. */
  public Optional<SignedRecord> verify(ByteString envelope, PeerId peer) {
    SignedRecord known;
    synchronized (this) {
      known = verified.get(envelope);
    }
    if (known != null) {
      return known.record().peerId().equals(peer) ? Optional.of(known) : Optional.empty();
    }
    try {
      SignedRecord r = SignedRecord.verify(envelope.toByteArray(), peer);
      synchronized (this) {
        verified.put(envelope, r);
      }
      return Optional.of(r);
    } catch (InvalidRecordException e) {
      return Optional.empty();
    }
  }
}
