package org.subnetp2p.core.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The default {@link AddressBook}: entries in memory, expired lazily on read. A peer keeps at most
 * {@link #MAX_ADDRESSES_PER_PEER} addresses, so a peer announcing thousands cannot grow it without
 * bound; the oldest-expiring are dropped first.
 */
public final class InMemoryAddressBook implements AddressBook {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryAddressBook.class);

  /** The most addresses kept per peer. */
  public static final int MAX_ADDRESSES_PER_PEER = 32;

  private final Clock clock;
  private final Map<PeerId, PeerRecord> records = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** An empty address book on the system clock. */
  public InMemoryAddressBook() {
    this(Clock.systemUTC());
  }

  /** An empty address book on {@code clock}, for tests. */
  public InMemoryAddressBook(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static final class PeerRecord {
    final Map<Multiaddr, Entry> addresses = new LinkedHashMap<>();
    Set<String> protocols = Set.of();
  }

  @Override
  public void add(PeerId peer, Collection<Multiaddr> addrs, Source source, Duration ttl) {
    Objects.requireNonNull(peer, "peer");
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    PeerRecord record = records.computeIfAbsent(peer, p -> new PeerRecord());
    synchronized (record) {
      for (Multiaddr a : addrs) {
        a.peerId()
            .filter(id -> !id.equals(peer))
            .ifPresent(
                id -> {
                  throw new IllegalArgumentException(a + " names " + id + ", not " + peer);
                });
        Multiaddr bare = a.withoutPeerId();
        Entry old = record.addresses.remove(bare);
        boolean live = old != null && old.expires().isAfter(now);
        Instant keep = live && old.expires().isAfter(expires) ? old.expires() : expires;
        // The source stays the one that first gave the address: how it was learned.
        Source origin = live ? old.source() : source;
        record.addresses.put(bare, new Entry(bare, origin, keep, now));
      }
      while (record.addresses.size() > MAX_ADDRESSES_PER_PEER) {
        record.addresses.values().stream()
            .min(Comparator.comparing(Entry::expires))
            .ifPresent(e -> record.addresses.remove(e.address()));
      }
    }
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    return entries(peer).stream().map(Entry::address).toList();
  }

  @Override
  public List<Entry> entries(PeerId peer) {
    PeerRecord record = records.get(peer);
    if (record == null) {
      return List.of();
    }
    Instant now = clock.instant();
    synchronized (record) {
      record.addresses.values().removeIf(e -> !e.expires().isAfter(now));
      List<Entry> live = new ArrayList<>(record.addresses.values());
      // Most recently confirmed first: re-added entries sit at the end of the insertion order.
      Collections.reverse(live);
      return List.copyOf(live);
    }
  }

  @Override
  public void setProtocols(PeerId peer, Collection<String> protocols) {
    PeerRecord record = records.computeIfAbsent(peer, p -> new PeerRecord());
    Set<String> announced = Set.copyOf(protocols);
    boolean changed;
    synchronized (record) {
      changed = !announced.equals(record.protocols);
      record.protocols = announced;
    }
    if (changed) {
      for (Listener listener : listeners) {
        try {
          listener.protocolsChanged(peer, announced);
        } catch (RuntimeException e) {
          // One faulty listener must not keep the others, or the caller, from their work.
          LOG.warn("address book listener {} failed", listener, e);
        }
      }
    }
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  @Override
  public Set<String> protocols(PeerId peer) {
    PeerRecord record = records.get(peer);
    if (record == null) {
      return Set.of();
    }
    synchronized (record) {
      return record.protocols;
    }
  }

  @Override
  public Set<PeerId> peers() {
    return records.keySet().stream()
        .filter(p -> !entries(p).isEmpty() || !protocols(p).isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void remove(PeerId peer) {
    records.remove(peer);
  }
}
