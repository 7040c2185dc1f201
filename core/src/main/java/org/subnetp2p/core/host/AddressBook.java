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

  /**
   * A known address with its origin and expiry; {@code failing} once a dial to it failed or its
   * connection went dead, until it connects again.
   */
  record Entry(Multiaddr address, Source source, Instant expires, boolean failing) {
    /** A healthy entry. */
    public Entry(Multiaddr address, Source source, Instant expires) {
      this(address, source, expires, false);
    }
  }

  /**
   * Records addresses for {@code peer}; a {@code /p2p/} suffix is stripped, and must name {@code
   * peer}. Re-adding an address extends its lifetime.
   */
  void add(PeerId peer, Collection<Multiaddr> addresses, Source source, Duration ttl);

  /**
   * The unexpired addresses of {@code peer}, most recently confirmed first; addresses marked as
   * failing come last.
   */
  List<Multiaddr> addresses(PeerId peer);

  /** The unexpired entries of {@code peer}, with their sources. */
  List<Entry> entries(PeerId peer);

  /** Replaces the protocols {@code peer} announced. */
  void setProtocols(PeerId peer, Collection<String> protocols);

  /** The protocols {@code peer} announced, empty if unknown. */
  Set<String> protocols(PeerId peer);

  /** Every peer with at least one unexpired address or a known protocol. */
  Set<PeerId> peers();

  /**
   * Marks an address of {@code peer} as failing: a dial to it failed, or its connection stopped
   * answering. It stays known but is tried last, until a connection through it succeeds (an {@link
   * #add} with {@link Source#CONNECTION}). Unknown addresses are ignored.
   */
  default void markFailing(PeerId peer, Multiaddr address) {}

  /** Forgets everything about {@code peer}. */
  void remove(PeerId peer);
}
