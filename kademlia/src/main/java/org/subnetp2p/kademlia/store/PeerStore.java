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
 * {@code maxPeers}, and a peer keeps at most {@code maxAddresses} addresses. Also remembers which
 * record bytes verified, so a record relayed by many peers is checked once. Thread-safe.
 */
public final class PeerStore implements PeerEntry.RecordVerifier {
  private final int maxAddresses;
  private final Map<PeerId, Known> peers;
  private final Map<ByteString, SignedRecord> verified;

  private static final class Known {
    List<Multiaddr> addresses = List.of();
    SignedRecord record;
  }

  /** A store of at most {@code maxPeers} peers with {@code maxAddresses} addresses each. */
  public PeerStore(int maxPeers, int maxAddresses) {
    this.maxAddresses = maxAddresses;
    this.peers = lru(maxPeers);
    this.verified = lru(Math.max(16, maxPeers / 4));
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
  public void learn(PeerEntry entry) {
    synchronized (this) {
      Known k = peers.computeIfAbsent(entry.peer(), p -> new Known());
      Set<Multiaddr> merged = new LinkedHashSet<>(entry.addresses());
      merged.addAll(k.addresses);
      k.addresses = merged.stream().limit(maxAddresses).toList();
    }
    entry.record().ifPresent(r -> learnRecord(entry.peer(), r));
  }

  /** Keeps {@code record} as {@code peer}'s if it is newer than the one held. */
  public synchronized void learnRecord(PeerId peer, SignedRecord record) {
    Known k = peers.computeIfAbsent(peer, p -> new Known());
    if (k.record == null || record.record().seq() > k.record.record().seq()) {
      k.record = record;
      Set<Multiaddr> merged = new LinkedHashSet<>(record.record().addresses());
      merged.addAll(k.addresses);
      k.addresses = merged.stream().limit(maxAddresses).toList();
    }
  }

  /** The addresses learned for {@code peer}, its signed record's first. */
  public synchronized List<Multiaddr> addresses(PeerId peer) {
    Known k = peers.get(peer);
    return k == null ? List.of() : new ArrayList<>(k.addresses);
  }

  /** The newest verified signed record of {@code peer}. */
  public synchronized Optional<SignedRecord> record(PeerId peer) {
    Known k = peers.get(peer);
    return k == null ? Optional.empty() : Optional.ofNullable(k.record);
  }

  /** Forgets {@code peer}'s addresses, e.g. after none of them could be dialled. */
  public synchronized void forget(PeerId peer) {
    peers.remove(peer);
  }

  @Override
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
