package org.subnetp2p.transport.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.discovery.PeerResolver;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.InMemoryAddressBook;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecordSigner;
import org.subnetp2p.core.record.SignedEnvelope;
import org.subnetp2p.transport.noise.NoiseStaticIdentity;
import org.subnetp2p.transport.protocols.IdentifyService;
import org.subnetp2p.transport.protocols.PerfService;
import org.subnetp2p.transport.protocols.PingService;
import org.subnetp2p.transport.yamux.MemoryBudget;
import org.subnetp2p.transport.yamux.YamuxConfig;
import org.subnetp2p.transport.yamux.YamuxSession;

/**
 * The libp2p host on Netty, the public facade wiring its parts: the {@link Acceptor} (TCP
 * listeners, inbound upgrade), the {@link Dialer} (shared dials, address choice), the {@link
 * ConnectionRegistry} (one connection per peer, listeners, idle sweep), and the {@link
 * InboundStreams} (protocol handlers on virtual threads). It owns the lifecycle, the event loops,
 * the memory budget shared by all connections, and serves identify, ping and perf from the start.
 */
public final class NettyHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger(NettyHost.class);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final HostConfig config;
  private final PeerId peerId;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final AddressBook addressBook = new InMemoryAddressBook();
  private final MemoryBudget memory;
  private final IdentifyService identify;
  private final NoiseStaticIdentity noiseIdentity;
  private final PeerRecordSigner recordSigner;
  private final PeerResolver resolver = new PeerResolver(this);
  private final HostMeters meters;
  private final ConnectionRegistry registry;
  private final InboundStreams inbound;
  private final Dialer dialer;
  private final Acceptor acceptor;
  private volatile State state = State.NEW;
  private volatile ScheduledFuture<?> idleCheck;

  /** A host built from {@code config}; call {@link #start()} to listen. */
  public NettyHost(HostConfig config) {
    this(config, new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory()), true);
  }

  /**
   * Internal: a host on an event loop group owned by the caller, which {@link #close()} leaves
   * running. Lets one process run many hosts (e.g. a benchmark client holding a thousand
   * connections from a thousand identities) without a thread pool per host.
   */
  NettyHost(HostConfig config, EventLoopGroup sharedGroup) {
    this(config, sharedGroup, false);
  }

  private NettyHost(HostConfig config, EventLoopGroup group, boolean ownsGroup) {
    this.config = config;
    this.peerId = PeerId.fromPublicKey(config.identity().publicKey());
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.memory = MemoryBudget.of(config.hostMemory());
    this.noiseIdentity = NoiseStaticIdentity.create(config.identity(), List.of());
    this.recordSigner = new PeerRecordSigner(config.identity());
    this.meters = new HostMeters(this, config.meterRegistry());
    this.registry = new ConnectionRegistry(peerId, config.dialTimeout(), addressBook, meters);
    this.inbound = new InboundStreams(config.negotiationTimeout(), meters);
    this.dialer = new Dialer(this, group, registry);
    this.acceptor = new Acceptor(this, group, registry);
    this.identify = new IdentifyService(this, config.identity().publicKey(), config.agentVersion());
    identify.start();
    PingService.serve(this);
    PerfService.serve(this);
  }

  HostConfig config() {
    return config;
  }

  HostMeters meters() {
    return meters;
  }

  boolean isStarted() {
    return state == State.STARTED;
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  @Override
  public MeterRegistry meterRegistry() {
    return config.meterRegistry();
  }

  /** The Noise static key and signed payload shared by all of this host's handshakes. */
  NoiseStaticIdentity noiseIdentity() {
    return noiseIdentity;
  }

  /** Bytes of the host's memory budget in use now, across all connections. */
  long memoryUsed() {
    return memory.used();
  }

  /** The identify service, to await what a peer announced. */
  public IdentifyService identifyService() {
    return identify;
  }

  @Override
  public PeerId peerId() {
    return peerId;
  }

  @Override
  public synchronized void start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "host already " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    state = State.STARTED;
    try {
      acceptor.listen();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    if (!config.idleTimeout().isZero()) {
      long period = Math.max(100, config.idleTimeout().toMillis() / 4);
      idleCheck =
          group.scheduleAtFixedRate(
              () -> registry.closeIdle(config.idleTimeout()),
              period,
              period,
              TimeUnit.MILLISECONDS);
    }
    LOG.info("host {} listening on {}", peerId, listenAddresses());
  }

  @Override
  public CompletableFuture<Connection> connect(Multiaddr address) {
    return dialer.connect(address);
  }

  @Override
  public CompletableFuture<Connection> connect(PeerId peer) {
    return resolver.connect(peer);
  }

  @Override
  public PeerResolver resolver() {
    return resolver;
  }

  /**
   * A Yamux session for a new connection, whose inbound streams go to our handlers, with the host's
   * limits, keep-alive, and a share of the host's memory budget.
   */
  YamuxSession newMuxerSession(NettyConnection connection, boolean client) {
    YamuxConfig yamux =
        YamuxConfig.builder()
            .maxInboundStreams(config.maxInboundStreamsPerConnection())
            .keepAliveInterval(config.keepAliveInterval())
            .keepAliveTimeout(config.keepAliveTimeout())
            .connectionMemory(config.connectionMemory())
            .build();
    YamuxSession session =
        new YamuxSession(
            client ? YamuxSession.Role.CLIENT : YamuxSession.Role.SERVER,
            inbound::serveInbound,
            yamux,
            memory);
    session.setConnection(connection);
    return session;
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return acceptor.listenAddresses();
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return Optional.ofNullable(registry.open(peer));
  }

  @Override
  public Collection<Connection> connections() {
    return registry.openConnections();
  }

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    boolean changed = inbound.put(protocol, handler);
    if (changed && state == State.STARTED) {
      identify.pushToAll();
    }
  }

  @Override
  public void removeStreamHandler(String protocol) {
    if (inbound.remove(protocol) && state == State.STARTED) {
      identify.pushToAll();
    }
  }

  @Override
  public Set<String> protocols() {
    return inbound.protocols();
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
    registry.addListener(listener);
  }

  @Override
  public void removeConnectionListener(ConnectionListener listener) {
    registry.removeListener(listener);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    ScheduledFuture<?> check = idleCheck;
    if (check != null) {
      check.cancel(false);
    }
    acceptor.close();
    List<CompletableFuture<Void>> closing = registry.closeAll();
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("connections did not all close in time: {}", e.toString());
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    LOG.info("host {} closed", peerId);
  }
}
