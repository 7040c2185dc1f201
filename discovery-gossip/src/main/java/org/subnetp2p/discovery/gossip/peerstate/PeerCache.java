package org.subnetp2p.discovery.gossip.peerstate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.KnownPeer;
import org.subnetp2p.discovery.gossip.ServerState;

/**
 * The latest valid record of each peer, what {@code find} answers from. Holds at most {@code
 * capacity} peers: past that, the peer whose record was refreshed longest ago goes. Entries lapse
 * at their {@link KnownPeer#expiresAtMs()}. Thread-safe.
 */
public final class PeerCache {
  /** What {@link #offer} did. */
  public enum Outcome {
    /** A peer not known before. */
    ADDED,
    /** A newer record of a known peer. */
    UPDATED,
    /** Not newer than the record held: ignored. */
    STALE,
    /** An {@code OFFLINE} record: the peer is no longer answered for. */
    REMOVED
  }

  private final int capacity;
  private final Map<PeerId, KnownPeer> peers = new LinkedHashMap<>();

  /** A cache of at most {@code capacity} peers. */
  public PeerCache(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /** Takes {@code peer}'s record if it is newer than the one held. */
  public synchronized Outcome offer(KnownPeer peer) {
    KnownPeer held = peers.get(peer.peerId());
    if (held != null && held.createdAtMs() >= peer.createdAtMs()) {
      return Outcome.STALE;
    }
    // An OFFLINE record stays (unanswered) until it lapses, so an older record cannot revive it.
    peers.remove(peer.peerId());
    peers.put(peer.peerId(), peer);
    if (peers.size() > capacity) {
      Iterator<PeerId> eldest = peers.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    if (peer.state() == ServerState.OFFLINE) {
      return Outcome.REMOVED;
    }
    return held == null || held.state() == ServerState.OFFLINE ? Outcome.ADDED : Outcome.UPDATED;
  }

  /** The unexpired record of {@code peer}, unless it announced {@code OFFLINE}. */
  public synchronized Optional<KnownPeer> get(PeerId peer, long nowMs) {
    KnownPeer held = peers.get(peer);
    if (held != null && held.expiresAtMs() <= nowMs) {
      peers.remove(peer);
      return Optional.empty();
    }
    return Optional.ofNullable(held).filter(p -> p.state() != ServerState.OFFLINE);
  }

  /** Every unexpired record but the {@code OFFLINE} ones, dropping the expired ones. */
  public synchronized List<KnownPeer> live(long nowMs) {
    purge(nowMs);
    List<KnownPeer> out = new ArrayList<>(peers.size());
    for (KnownPeer p : peers.values()) {
      if (p.state() != ServerState.OFFLINE) {
        out.add(p);
      }
    }
    return out;
  }

  /** Drops the expired records; returns how many. */
  public synchronized int purge(long nowMs) {
    int before = peers.size();
    peers.values().removeIf(p -> p.expiresAtMs() <= nowMs);
    return before - peers.size();
  }

  /** The number of peers held, expired ones not yet purged included. */
  public synchronized int size() {
    return peers.size();
  }
}
