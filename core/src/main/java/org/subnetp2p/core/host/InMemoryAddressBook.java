package org.subnetp2p.core.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The default {@link AddressBook}: entries in memory, bounded so that what peers announce cannot
 * grow it without end. A peer keeps at most {@link #MAX_ADDRESSES_PER_PEER} addresses (the
 * oldest-expiring dropped first); every entry expires with its TTL (expired entries go on read and
 * when the book is trimmed); beyond {@code maxPeers} peers the least recently used ones are
 * forgotten, a tenth at a time.
 *
 * <p>Thread-safe; no call waits for anything but the short update of one peer's record.
 */
public final class InMemoryAddressBook implements AddressBook {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryAddressBook.class);

  /** The most addresses kept per peer. */
  public static final int MAX_ADDRESSES_PER_PEER = 32;

  /** The most peers kept by default. */
  public static final int DEFAULT_MAX_PEERS = 10_000;

  private final Clock clock;
  private final int maxPeers;
  private final Map<PeerId, PeerRecord> records = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong useCounter = new AtomicLong();
  private final AtomicBoolean trimming = new AtomicBoolean();

  /** An empty address book on the system clock. */
  public InMemoryAddressBook() {
    this(Clock.systemUTC());
  }

  /** An empty address book on {@code clock}, for tests. */
  public InMemoryAddressBook(Clock clock) {
    this(clock, DEFAULT_MAX_PEERS);
  }

  /** An empty address book on {@code clock} keeping at most {@code maxPeers} peers. */
  public InMemoryAddressBook(Clock clock, int maxPeers) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxPeers < 1) {
      throw new IllegalArgumentException("maxPeers must be at least 1");
    }
    this.maxPeers = maxPeers;
  }

  private static final class PeerRecord {
    final Map<Multiaddr, Entry> addresses = new LinkedHashMap<>();
    Set<String> protocols = Set.of();
    volatile long lastUsed;
  }

  /** The record of {@code peer}, created if needed and marked as just used. */
  private PeerRecord use(PeerId peer) {
    PeerRecord record = records.computeIfAbsent(peer, p -> new PeerRecord());
    record.lastUsed = useCounter.incrementAndGet();
    if (records.size() > maxPeers) {
      trim();
    }
    return record;
  }

  /** Forgets the least recently used tenth of the peers, expired ones first. */
  private void trim() {
    if (!trimming.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant now = clock.instant();
      records.entrySet().removeIf(e -> isEmpty(e.getValue(), now));
      int excess = records.size() - (maxPeers - maxPeers / 10);
      if (excess <= 0) {
        return;
      }
      records.entrySet().stream()
          .sorted(Comparator.comparingLong(e -> e.getValue().lastUsed))
          .limit(excess)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(records::remove);
    } finally {
      trimming.set(false);
    }
  }

  private static boolean isEmpty(PeerRecord record, Instant now) {
    synchronized (record) {
      record.addresses.values().removeIf(e -> !e.expires().isAfter(now));
      return record.addresses.isEmpty() && record.protocols.isEmpty();
    }
  }

  @Override
  public void add(PeerId peer, Collection<Multiaddr> addrs, Source source, Duration ttl) {
    Objects.requireNonNull(peer, "peer");
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    for (Multiaddr a : addrs) {
      a.peerId()
          .filter(id -> !id.equals(peer))
          .ifPresent(
              id -> {
                throw new IllegalArgumentException(a + " names " + id + ", not " + peer);
              });
    }
    PeerRecord record = use(peer);
    synchronized (record) {
      for (Multiaddr a : addrs) {
        Multiaddr bare = a.withoutPeerId();
        Entry old = record.addresses.remove(bare);
        Entry live = old != null && old.expires().isAfter(now) ? old : null;
        Instant keep = live != null && live.expires().isAfter(expires) ? live.expires() : expires;
        // The source stays the one that first gave the address: how it was learned.
        Source origin = live != null ? live.source() : source;
        // A connection through the address proves it works; anything else keeps what we saw.
        boolean failing = live != null && live.failing() && source != Source.CONNECTION;
        record.addresses.put(bare, new Entry(bare, origin, keep, now, failing));
      }
      while (record.addresses.size() > MAX_ADDRESSES_PER_PEER) {
        record.addresses.remove(soonestExpiring(record.addresses.values()).address());
      }
    }
  }

  /**
   * The entry of a non-empty collection that expires first (the earliest inserted among equals). A
   * plain loop: a peer whose inbound connections each add an ephemeral port lands here on every
   * connection.
   */
  private static Entry soonestExpiring(Collection<Entry> entries) {
    Iterator<Entry> it = entries.iterator();
    Entry soonest = it.next();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.expires().isBefore(soonest.expires())) {
        soonest = e;
      }
    }
    return soonest;
  }

  @Override
  public void markFailing(PeerId peer, Multiaddr address) {
    PeerRecord record = records.get(peer);
    if (record == null) {
      return;
    }
    Multiaddr bare = address.withoutPeerId();
    synchronized (record) {
      Entry e = record.addresses.get(bare);
      if (e != null && !e.failing()) {
        record.addresses.put(bare, new Entry(bare, e.source(), e.expires(), e.lastSeen(), true));
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
    record.lastUsed = useCounter.incrementAndGet();
    Instant now = clock.instant();
    List<Entry> live;
    synchronized (record) {
      record.addresses.values().removeIf(e -> !e.expires().isAfter(now));
      live = new ArrayList<>(record.addresses.values());
    }
    // Most recently confirmed first (re-added entries sit at the end of the insertion order), and
    // failing ones after the rest.
    List<Entry> ordered = new ArrayList<>(live.size());
    for (int i = live.size() - 1; i >= 0; i--) {
      if (!live.get(i).failing()) {
        ordered.add(live.get(i));
      }
    }
    for (int i = live.size() - 1; i >= 0; i--) {
      if (live.get(i).failing()) {
        ordered.add(live.get(i));
      }
    }
    return List.copyOf(ordered);
  }

  @Override
  public void setProtocols(PeerId peer, Collection<String> protocols) {
    PeerRecord record = use(peer);
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
    Instant now = clock.instant();
    return records.entrySet().stream()
        .filter(e -> !isEmpty(e.getValue(), now))
        .map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void remove(PeerId peer) {
    records.remove(peer);
  }

  /** Peers with a record now, expired or not: what the bound applies to. */
  int size() {
    return records.size();
  }
}
