package org.subnetp2p.core.testing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.InMemoryAddressBook;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A {@link Host} whose connections and streams live in memory. Stream handlers run on virtual
 * threads as the real host's do; tests can shape streams through {@link #onStreamOpened} and {@link
 * #onStreamDispatched}.
 */
public final class MemoryHost implements Host {
  private final MemoryNetwork network;
  private final PeerId peerId;
  private final Multiaddr address;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, MemoryConnection> connections = new ConcurrentHashMap<>();
  private final List<Consumer<MemoryStream>> openedHooks = new CopyOnWriteArrayList<>();
  private final List<Consumer<MemoryStream>> dispatchedHooks = new CopyOnWriteArrayList<>();
  private final AddressBook addressBook = new InMemoryAddressBook();
  private volatile int dials;
  private volatile CompletableFuture<Connection> stalledDial;
  private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

  MemoryHost(MemoryNetwork network, PeerId peerId, Multiaddr address) {
    this.network = network;
    this.peerId = peerId;
    this.address = address;
  }

  Multiaddr address() {
    return address;
  }

  @Override
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  StreamHandler handler(String protocol) {
    return handlers.get(protocol);
  }

  /** Runs {@code hook} on the local end of each outbound stream this host opens. */
  public void onStreamOpened(Consumer<MemoryStream> hook) {
    openedHooks.add(hook);
  }

  /** Runs {@code hook} on the local end of each inbound stream, before its handler starts. */
  public void onStreamDispatched(Consumer<MemoryStream> hook) {
    dispatchedHooks.add(hook);
  }

  /**
   * Makes every later {@code connect} return {@code dial}, one future shared by all callers, as a
   * real host shares one attempt among concurrent dials to a peer; {@code null} stops it.
   */
  public void stallDials(CompletableFuture<Connection> dial) {
    this.stalledDial = dial;
  }

  /** How many new connections this host dialled. */
  public int dialCount() {
    return dials;
  }

  void streamOpened(MemoryStream stream) {
    openedHooks.forEach(h -> h.accept(stream));
  }

  void dispatch(StreamHandler handler, MemoryStream stream) {
    dispatchedHooks.forEach(h -> h.accept(stream));
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                handler.handle(stream);
                stream.close();
              } catch (Exception e) {
                stream.reset();
              }
            });
  }

  @Override
  public PeerId peerId() {
    return peerId;
  }

  @Override
  public void start() {}

  @Override
  public List<Multiaddr> listenAddresses() {
    return List.of(address);
  }

  @Override
  public synchronized CompletableFuture<Connection> connect(Multiaddr addr) {
    if (stalledDial != null) {
      return stalledDial;
    }
    PeerId peer = addr.peerId().orElseThrow(() -> new IllegalArgumentException("no /p2p/ id"));
    MemoryHost remote = network.find(peer);
    if (remote == null || !remote.address.equals(addr.withoutPeerId())) {
      return CompletableFuture.failedFuture(new DialException("no host at " + addr));
    }
    return CompletableFuture.completedFuture(connectTo(remote));
  }

  @Override
  public synchronized CompletableFuture<Connection> connect(PeerId peer) {
    if (stalledDial != null) {
      return stalledDial;
    }
    MemoryConnection existing = connections.get(peer);
    if (existing != null) {
      return CompletableFuture.completedFuture(existing);
    }
    MemoryHost remote = network.find(peer);
    if (remote == null) {
      return CompletableFuture.failedFuture(new DialException("no address known for " + peer));
    }
    return CompletableFuture.completedFuture(connectTo(remote));
  }

  private MemoryConnection connectTo(MemoryHost remote) {
    MemoryConnection existing = connections.get(remote.peerId);
    if (existing != null) {
      return existing;
    }
    MemoryConnection[] pair = MemoryConnection.pair(this, remote);
    connections.put(remote.peerId, pair[0]);
    remote.connections.put(peerId, pair[1]);
    dials++;
    return pair[0];
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return Optional.ofNullable(connections.get(peer));
  }

  @Override
  public Collection<Connection> connections() {
    return List.copyOf(connections.values());
  }

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    handlers.put(protocol, handler);
  }

  @Override
  public void removeStreamHandler(String protocol) {
    handlers.remove(protocol);
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
  public void addConnectionListener(ConnectionListener listener) {}

  @Override
  public void removeConnectionListener(ConnectionListener listener) {}

  @Override
  public void close() {
    network.remove(peerId);
  }
}
