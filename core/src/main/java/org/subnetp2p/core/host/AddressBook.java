package org.subnetp2p.core.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * What this host knows about other peers: their addresses (without {@code /p2p/}) and the protocols
 * they announced. Fed by dials, identify and discovery. Thread-safe.
 */
public interface AddressBook {

  /** How an address was learned; kept so operators can see where an address came from. */
  enum Source {
    /** Given by the user or the config, e.g. a bootstrap address. */
    MANUAL,
    /** The address we dialled or were dialled from. */
    CONNECTION,
    /** The peer announced it through identify. */
    IDENTIFY,
    /** Learned from a discovery provider (chain, gossip, DHT). */
    DISCOVERY
  }

  /** A known address with its origin and expiry. */
  record Entry(Multiaddr address, Source source, Instant expires) {}

  /**
   * Hears what peers announce, e.g. so that a protocol can start talking to every peer that
   * announced it through identify. Called on the thread that recorded the change (often a network
   * thread): return quickly and hand longer work to another thread.
   */
  @FunctionalInterface
  interface Listener {
    /** {@code peer} now announces {@code protocols} (the whole set, replacing the previous one). */
    void protocolsChanged(PeerId peer, Set<String> protocols);
  }

  /**
   * Records addresses for {@code peer}; a {@code /p2p/} suffix is stripped, and must name {@code
   * peer}. Re-adding an address extends its lifetime.
   */
  void add(PeerId peer, Collection<Multiaddr> addresses, Source source, Duration ttl);

  /** The unexpired addresses of {@code peer}, most recently confirmed first. */
  List<Multiaddr> addresses(PeerId peer);

  /** The unexpired entries of {@code peer}, with their sources. */
  List<Entry> entries(PeerId peer);

  /** Replaces the protocols {@code peer} announced. */
  void setProtocols(PeerId peer, Collection<String> protocols);

  /** The protocols {@code peer} announced, empty if unknown. */
  Set<String> protocols(PeerId peer);

  /** Tells {@code listener} about every later change of a peer's announced protocols. */
  void addListener(Listener listener);

  /** Removes a listener added with {@link #addListener}. */
  void removeListener(Listener listener);

  /** Every peer with at least one unexpired address or a known protocol. */
  Set<PeerId> peers();

  /** Forgets everything about {@code peer}. */
  void remove(PeerId peer);
}
