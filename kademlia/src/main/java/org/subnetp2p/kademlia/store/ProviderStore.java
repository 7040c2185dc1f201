package org.subnetp2p.kademlia.store;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Provider records ({@code ADD_PROVIDER}): who says it provides each key, with its addresses, for
 * {@code ttl} after it said so. Bounded: at most {@code maxKeys} keys (a new key beyond is refused)
 * and {@code maxPerKey} providers per key (the one that re-announced least recently is dropped).
 * Thread-safe.
 */
public final class ProviderStore {
  /**
   * A provider of a key.
   *
   * @param peer the provider
   * @param addresses where it said it is
   * @param expires when the record lapses unless renewed
   */
  public record Provider(PeerId peer, List<Multiaddr> addresses, Instant expires) {
    /** Copies the list. */
    public Provider {
      addresses = List.copyOf(addresses);
    }
  }

  private final int maxKeys;
  private final int maxPerKey;
  private final Duration ttl;
  private final Clock clock;
  private final Map<ByteString, LinkedHashMap<PeerId, Provider>> byKey = new HashMap<>();

  /** A store of {@code maxKeys} keys with {@code maxPerKey} providers each, kept {@code ttl}. */
  public ProviderStore(int maxKeys, int maxPerKey, Duration ttl, Clock clock) {
    this.maxKeys = maxKeys;
    this.maxPerKey = maxPerKey;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * Records that {@code peer} provides {@code key}, or renews it.
   *
   * @return false if the store is full and {@code key} is new
   */
  public synchronized boolean add(byte[] key, PeerId peer, List<Multiaddr> addresses) {
    ByteString k = ByteString.copyFrom(key);
    LinkedHashMap<PeerId, Provider> providers = byKey.get(k);
    if (providers == null) {
      if (byKey.size() >= maxKeys) {
        removeExpired();
        if (byKey.size() >= maxKeys) {
          return false;
        }
      }
      providers = new LinkedHashMap<>();
      byKey.put(k, providers);
    }
    providers.remove(peer);
    providers.put(peer, new Provider(peer, addresses, clock.instant().plus(ttl)));
    while (providers.size() > maxPerKey) {
      providers.remove(providers.keySet().iterator().next());
    }
    return true;
  }

  /** The unexpired providers of {@code key}, the most recently renewed last. */
  public synchronized List<Provider> get(byte[] key) {
    LinkedHashMap<PeerId, Provider> providers = byKey.get(ByteString.copyFrom(key));
    if (providers == null) {
      return List.of();
    }
    Instant now = clock.instant();
    providers.values().removeIf(p -> !p.expires().isAfter(now));
    return new ArrayList<>(providers.values());
  }

  /** Drops expired records and keys left without providers. */
  public synchronized void removeExpired() {
    Instant now = clock.instant();
    byKey.values().forEach(m -> m.values().removeIf(p -> !p.expires().isAfter(now)));
    byKey.values().removeIf(Map::isEmpty);
  }
}
