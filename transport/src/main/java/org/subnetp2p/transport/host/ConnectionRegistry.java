package org.subnetp2p.transport.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.PeerId;

/**
 * The host's connections: one per peer, the rule by which both sides of a dial race keep the same
 * one, the connection listeners, and the idle sweep. Dialing and accepting both end here, and all
 * that reads the host's connections reads them here, so it owns the map and no one else.
 */
final class ConnectionRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);
  private static final Duration ADDRESS_TTL = Duration.ofHours(1);

  private final PeerId self;
  private final Duration raceWindow;
  private final AddressBook addressBook;
  private final HostMeters meters;
  private final Map<PeerId, NettyConnection> connections = new ConcurrentHashMap<>();
  private final Map<NettyConnection, Long> idleSince = new ConcurrentHashMap<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final PeerLogLimit admittedLog = new PeerLogLimit(Duration.ofMinutes(1));

  /**
   * @param raceWindow two connections to one peer established within this of each other may have
   *     raced: the host's dial timeout, which bounds every handshake on both sides
   */
  ConnectionRegistry(PeerId self, Duration raceWindow, AddressBook addressBook, HostMeters meters) {
    this.self = self;
    this.raceWindow = raceWindow;
    this.addressBook = addressBook;
    this.meters = meters;
  }

  /** The peer's connection if it is open, else null. */
  NettyConnection open(PeerId peer) {
    NettyConnection c = connections.get(peer);
    return c != null && c.isOpen() ? c : null;
  }

  Collection<Connection> openConnections() {
    return connections.values().stream()
        .filter(NettyConnection::isOpen)
        .map(c -> (Connection) c)
        .toList();
  }

  void addListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  void removeListener(ConnectionListener listener) {
    listeners.remove(listener);
  }

  /**
   * Makes {@code c} the peer's connection. When two connections to one peer race (both sides
   * dialled at once, so both were established within one dial timeout), both sides keep the one
   * dialled by the peer with the smaller id, so they agree without talking. Otherwise the newer
   * wins: a peer only dials when it has no open connection, so the older one is on its way out (its
   * close may simply not have reached us yet), was replaced on purpose, or is dead without our
   * knowing — a peer restarted after a crash dials again while its old connection, which never saw
   * a FIN, still looks open here. Keeping that one would refuse the restarted peer until keep-alive
   * gave up on the dead connection.
   */
  Connection register(NettyConnection c) {
    PeerId peer = c.remotePeer();
    NettyConnection[] replaced = {null};
    NettyConnection kept =
        connections.compute(
            peer,
            (p, existing) -> {
              if (existing == null || !existing.isOpen()) {
                return c;
              }
              NettyConnection winner = preferred(existing, c);
              replaced[0] = winner == c ? existing : null;
              return winner;
            });
    if (kept != c) {
      LOG.debug("closing duplicate connection with {}", peer);
      c.close(CloseReason.DUPLICATE);
      return kept;
    }
    if (replaced[0] != null) {
      LOG.debug("closing {}: replaced by a newer connection", replaced[0]);
      replaced[0].close(CloseReason.REPLACED);
    }
    addressBook.add(peer, List.of(c.remoteAddress()), AddressBook.Source.CONNECTION, ADDRESS_TTL);
    c.channel()
        .closeFuture()
        .addListener(
            f -> {
              connections.remove(peer, c);
              idleSince.remove(c);
              if (c.peerUnresponsive() && c.direction() == Direction.OUTBOUND) {
                // It vanished without closing: the address we dialled no longer answers.
                addressBook.markFailing(peer, c.remoteAddress());
              }
              CloseReason reason = c.closeReason();
              // Per connection, so DEBUG; the counter by reason is the overview.
              LOG.debug("{} closed: {} ({})", c, reason.label(), c.closeDetail());
              meters.connectionClosed(c.direction(), reason);
              listeners.forEach(l -> notify(() -> l.disconnected(c)));
            });
    meters.connectionOpened(c.direction());
    // A meaningful event, once per peer and minute at INFO; every connection at DEBUG.
    if (admittedLog.shouldLog(c.remotePeer(), System.nanoTime())) {
      LOG.info(
          "peer {} admitted ({} connection, {})",
          c.remotePeer(),
          c.direction().name().toLowerCase(java.util.Locale.ROOT),
          c.remoteAddress());
    } else {
      LOG.debug("connected to {}", c);
    }
    listeners.forEach(l -> notify(() -> l.connected(c)));
    return c;
  }

  private NettyConnection preferred(NettyConnection existing, NettyConnection newcomer) {
    PeerId dialerOfExisting =
        existing.direction() == Direction.OUTBOUND ? self : existing.remotePeer();
    PeerId dialerOfNewcomer =
        newcomer.direction() == Direction.OUTBOUND ? self : newcomer.remotePeer();
    boolean raced =
        newcomer.establishedNanos() - existing.establishedNanos() < raceWindow.toNanos();
    if (dialerOfExisting.equals(dialerOfNewcomer) || !raced) {
      return newcomer;
    }
    return dialerOfExisting.compareTo(dialerOfNewcomer) < 0 ? existing : newcomer;
  }

  private static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("connection listener failed", e);
    }
  }

  /** Closes connections that have carried no stream for {@code idleTimeout}. */
  void closeIdle(Duration idleTimeout) {
    long now = System.nanoTime();
    for (NettyConnection c : connections.values()) {
      if (c.streamCount() > 0) {
        idleSince.remove(c);
        continue;
      }
      long since = idleSince.computeIfAbsent(c, x -> now);
      if (now - since >= idleTimeout.toNanos()) {
        LOG.debug("closing {}: idle for {}", c, idleTimeout);
        idleSince.remove(c);
        c.close(CloseReason.IDLE);
      }
    }
  }

  /** Starts closing every connection; the futures complete once each is closed. */
  List<CompletableFuture<Void>> closeAll() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (NettyConnection c : connections.values()) {
      closing.add(c.close(CloseReason.HOST_CLOSED));
    }
    return closing;
  }
}
