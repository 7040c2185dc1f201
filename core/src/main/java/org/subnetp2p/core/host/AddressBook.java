package org.subnetp2p.core.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
    /** Learned from a discovery provider without a source of its own below. */
    DISCOVERY,
    /** Found by asking neighbours through the Kademlia DHT (the {@code dht} discovery). */
    DHT,
    /** From a peer's signed heartbeat on GossipSub (the {@code gossip} discovery). */
    GOSSIP,
    /** Read from the on-chain peer registry (the {@code chain} discovery). */
    CHAIN;

    /** The name operators see: lower case, e.g. {@code dht}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The source of addresses given by the discovery named {@code discoveryName}: {@link #DHT},
     * {@link #GOSSIP} or {@link #CHAIN} for those names, {@link #DISCOVERY} for any other.
     */
    public static Source forDiscovery(String discoveryName) {
      return switch (discoveryName) {
        case "dht" -> DHT;
        case "gossip" -> GOSSIP;
        case "chain" -> CHAIN;
        default -> DISCOVERY;
      };
    }
  }

  /**
   * A known address with its origin, expiry, the last time it was recorded or confirmed, and
   * whether it is failing.
   *
   * @param address the address, without {@code /p2p/}
   * @param source how it was learned: the source that first recorded it
   * @param expires when it is forgotten unless confirmed again
   * @param lastSeen when it was last recorded or confirmed
   * @param failing a dial to it failed or its connection went dead (keep-alive unanswered); it is
   *     tried last until a connection through it succeeds
   */
  record Entry(
      Multiaddr address, Source source, Instant expires, Instant lastSeen, boolean failing) {
    /** A healthy entry last seen now. */
    public Entry(Multiaddr address, Source source, Instant expires) {
      this(address, source, expires, Instant.now(), false);
    }

    /** A healthy entry. */
    public Entry(Multiaddr address, Source source, Instant expires, Instant lastSeen) {
      this(address, source, expires, lastSeen, false);
    }
  }

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
   * peer}. Re-adding an address extends its lifetime and its last-seen time; its source stays the
   * one that first recorded it (until it expires), so that operators see how it was learned.
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

  /** Tells {@code listener} about every later change of a peer's announced protocols. */
  void addListener(Listener listener);

  /** Removes a listener added with {@link #addListener}. */
  void removeListener(Listener listener);

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
