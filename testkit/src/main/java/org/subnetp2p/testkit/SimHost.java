package org.subnetp2p.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.discovery.PeerResolver;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.InMemoryAddressBook;
import org.subnetp2p.core.host.PeerIdMismatchException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecordSigner;
import org.subnetp2p.core.record.SignedEnvelope;

/**
 * A {@link Host} on a {@link SimNetwork}. It behaves as the real host does where protocols can
 * tell: handlers run on virtual threads, one connection per peer, identify fills the address book,
 * the connection gater is asked, dials and negotiations honour the config's timeouts.
 */
public final class SimHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger(SimHost.class);
  private static final Duration ADDRESS_TTL = Duration.ofHours(1);

  private enum State {
    NEW,
    STARTED,
    CLOSED,
    CRASHED
  }

  private final SimNetwork network;
  private final HostConfig config;
  private final PeerId peerId;
  private final Multiaddr address;
  private final String ip;
  private final boolean listens;
  private final AddressBook addressBook = new InMemoryAddressBook();
  private final PeerRecordSigner recordSigner;
  private final PeerResolver resolver = new PeerResolver(this);
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, SimConnection> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, CompletableFuture<Connection>> dialsInFlight =
      new ConcurrentHashMap<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private volatile State state = State.NEW;

  SimHost(SimNetwork network, HostConfig config, Multiaddr address, String ip) {
    this.network = network;
    this.config = config;
    this.peerId = PeerId.fromPublicKey(config.identity().publicKey());
    this.address = address;
    this.ip = ip;
    this.listens = !config.listenAddresses().isEmpty();
    this.recordSigner = new PeerRecordSigner(config.identity());
  }

  HostConfig config() {
    return config;
  }

  /** The host's simulated listen address, whether or not it listens. */
  Multiaddr address() {
    return address;
  }

  StreamHandler handler(String protocol) {
    return handlers.get(protocol);
  }

  boolean isCrashed() {
    return state == State.CRASHED;
  }

  /** The network this host lives on. */
  public SimNetwork network() {
    return network;
  }

  @Override
  public PeerId peerId() {
    return peerId;
  }

  @Override
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "host already " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    state = State.STARTED;
    if (listens) {
      network.listening(this);
    }
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return state == State.STARTED && listens ? List.of(address) : List.of();
  }

  // ---- dialling ----

  @Override
  public CompletableFuture<Connection> connect(Multiaddr target) {
    Optional<PeerId> id = target.peerId();
    if (id.isEmpty()) {
      return CompletableFuture.failedFuture(
          new DialException("cannot dial " + target + ": it has no /p2p/<peer id>"));
    }
    PeerId peer = id.get();
    if (peer.equals(peerId)) {
      return CompletableFuture.failedFuture(new DialException("cannot dial ourselves: " + target));
    }
    Optional<Connection> open = connection(peer);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    CompletableFuture<Connection> fresh = new CompletableFuture<>();
    CompletableFuture<Connection> shared =
        dialsInFlight.compute(peer, (p, inFlight) -> inFlight != null ? inFlight : fresh);
    if (shared == fresh) {
      fresh.whenComplete((c, e) -> dialsInFlight.remove(peer, fresh));
      dial(peer, target.withoutPeerId(), fresh);
    }
    return shared;
  }

  @Override
  public CompletableFuture<Connection> connect(PeerId peer) {
    return resolver.connect(peer);
  }

  @Override
  public PeerResolver resolver() {
    return resolver;
  }

  private void dial(PeerId peer, Multiaddr target, CompletableFuture<Connection> result) {
    network.counters().dials.increment();
    if (state == State.CLOSED || state == State.CRASHED) {
      result.completeExceptionally(new DialException("host is closed"));
      return;
    }
    if (!config.gater().allowDial(peer, target)) {
      result.completeExceptionally(
          new DialException("dialling " + peer + " at " + target + " refused by the gater"));
      return;
    }
    SimHost remote = network.hostAt(target);
    if (remote == null) {
      network.after(
          network.roundTripNanos(),
          () ->
              result.completeExceptionally(
                  new DialException("cannot connect to " + target + ": connection refused")));
      return;
    }
    if (!network.reachable(this, remote)) {
      network.after(
          config.dialTimeout().toNanos(),
          () ->
              result.completeExceptionally(
                  new DialException(
                      "cannot connect to "
                          + target
                          + ": timed out after "
                          + config.dialTimeout().toMillis()
                          + " ms")));
      return;
    }
    network.after(network.roundTripNanos(), () -> handshake(peer, target, remote, result));
  }

  /** The simulated security handshake: identities are checked, then both gaters asked. */
  private void handshake(
      PeerId expected, Multiaddr target, SimHost remote, CompletableFuture<Connection> result) {
    if (!remote.peerId.equals(expected)) {
      result.completeExceptionally(new PeerIdMismatchException(expected, remote.peerId));
      return;
    }
    Multiaddr from = Multiaddr.parse("/ip4/" + ip + "/tcp/" + network.ephemeralPort());
    if (!remote.config.gater().allowAccept(from)
        || !remote.config.gater().allowSecured(peerId, Direction.INBOUND)
        || !config.gater().allowSecured(remote.peerId, Direction.OUTBOUND)) {
      result.completeExceptionally(
          new DialException("connection to " + target + " refused by a gater"));
      return;
    }
    if (remote.state != State.STARTED || state != State.STARTED && state != State.NEW) {
      result.completeExceptionally(
          new DialException("cannot connect to " + target + ": connection refused"));
      return;
    }
    result.complete(establish(remote, target, from));
  }

  /** Registers a connection on both hosts, unless one between them opened meanwhile. */
  private Connection establish(SimHost remote, Multiaddr dialled, Multiaddr from) {
    SimConnection[] pair;
    synchronized (network.connectingLock()) {
      SimConnection existing = connections.get(remote.peerId);
      if (existing != null && existing.isOpen()) {
        return existing;
      }
      pair = SimConnection.pair(network, this, remote);
      connections.put(remote.peerId, pair[0]);
      remote.connections.put(peerId, pair[1]);
    }
    network.counters().connections.increment();
    addressBook.add(remote.peerId, List.of(dialled), AddressBook.Source.CONNECTION, ADDRESS_TTL);
    remote.addressBook.add(peerId, List.of(from), AddressBook.Source.CONNECTION, ADDRESS_TTL);
    listeners.forEach(l -> notify(() -> l.connected(pair[0])));
    remote.listeners.forEach(l -> notify(() -> l.connected(pair[1])));
    network.after(network.roundTripNanos(), () -> identify(pair[0]));
    return pair[0];
  }

  /** What identify would exchange on {@code c}: addresses and protocols, both ways. */
  private static void identify(SimConnection c) {
    SimHost a = c.localHost();
    SimHost b = c.remoteHost();
    if (c.isOpen()) {
      a.learnAbout(b);
      b.learnAbout(a);
    }
  }

  private void learnAbout(SimHost other) {
    if (state != State.STARTED && state != State.NEW) {
      return;
    }
    List<Multiaddr> addrs = other.listenAddresses();
    if (!addrs.isEmpty()) {
      addressBook.add(other.peerId, addrs, AddressBook.Source.IDENTIFY, ADDRESS_TTL);
    }
    addressBook.setProtocols(other.peerId, other.protocols());
  }

  /** Tells every connected peer our protocols again, as identify push does. */
  private void pushIdentify() {
    for (SimConnection c : connections.values()) {
      SimHost remote = c.remoteHost();
      network.after(
          network.roundTripNanos() / 2,
          () -> {
            if (c.isOpen() && network.reachable(this, remote)) {
              remote.learnAbout(this);
            }
          });
    }
  }

  // ---- streams ----

  void dispatch(StreamHandler handler, Stream stream) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                handler.handle(stream);
                stream.close();
              } catch (StreamResetException e) {
                stream.reset();
              } catch (Exception e) {
                LOG.debug("handler for {} failed: {}", stream.protocol(), e.toString());
                stream.reset();
              }
            });
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    SimConnection c = connections.get(peer);
    return c != null && c.isOpen() ? Optional.of(c) : Optional.empty();
  }

  @Override
  public Collection<Connection> connections() {
    return connections.values().stream()
        .filter(SimConnection::isOpen)
        .map(c -> (Connection) c)
        .toList();
  }

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    if (handlers.put(protocol, handler) == null && state == State.STARTED) {
      pushIdentify();
    }
  }

  @Override
  public void removeStreamHandler(String protocol) {
    if (handlers.remove(protocol) != null && state == State.STARTED) {
      pushIdentify();
    }
  }

  @Override
  public MeterRegistry meterRegistry() {
    return config.meterRegistry();
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  @Override
  public AddressBook addressBook() {
    return addressBook;
  }

  @Override
  public Optional<SignedEnvelope> signedPeerRecord() {
    return Optional.of(recordSigner.sign(listenAddresses()));
  }

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    listeners.remove(listener);
  }

  void connectionClosed(SimConnection c) {
    if (connections.remove(c.remotePeer(), c)) {
      listeners.forEach(l -> notify(() -> l.disconnected(c)));
    }
  }

  private static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("connection listener failed", e);
    }
  }

  /**
   * Leaves the network gracefully: every connection is closed and the peers are told, as when a
   * real host closes its sockets. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED || state == State.CRASHED) {
        return;
      }
      state = State.CLOSED;
    }
    network.removed(this, false);
    for (SimConnection c : List.copyOf(connections.values())) {
      c.closeBothEnds("connection closed");
    }
  }

  /**
   * Vanishes without notice, as a host whose machine lost power: nobody is told, the peers' streams
   * to it go silent, their dials time out. Its own pending calls fail at once. Idempotent.
   */
  public void crash() {
    synchronized (this) {
      if (state == State.CLOSED || state == State.CRASHED) {
        return;
      }
      state = State.CRASHED;
    }
    network.removed(this, true);
    for (SimConnection c : List.copyOf(connections.values())) {
      c.crash();
    }
    connections.clear();
  }

  @Override
  public String toString() {
    return "sim host " + peerId + " at " + address;
  }
}
