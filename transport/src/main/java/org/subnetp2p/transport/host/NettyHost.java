package org.subnetp2p.transport.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecordSigner;
import org.subnetp2p.core.record.SignedEnvelope;
import org.subnetp2p.transport.multistream.MultistreamException;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.noise.NoiseStaticIdentity;
import org.subnetp2p.transport.protocols.IdentifyService;
import org.subnetp2p.transport.protocols.PerfService;
import org.subnetp2p.transport.protocols.PingService;
import org.subnetp2p.transport.yamux.MemoryBudget;
import org.subnetp2p.transport.yamux.YamuxConfig;
import org.subnetp2p.transport.yamux.YamuxSession;
import org.subnetp2p.transport.yamux.YamuxStream;

/**
 * The libp2p host on Netty: TCP listeners and dialer, the connection upgrade, one connection per
 * peer, and the dispatch of inbound streams to their handlers on virtual threads. It serves
 * identify, ping and perf from the start.
 */
public final class NettyHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger(NettyHost.class);
  private static final Duration ADDRESS_TTL = Duration.ofHours(1);

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
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Map<PeerId, NettyConnection> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, SharedDial> dialsInFlight = new ConcurrentHashMap<>();
  private final MemoryBudget memory;
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final AtomicInteger inboundConnections = new AtomicInteger();
  private final Map<NettyConnection, Long> idleSince = new ConcurrentHashMap<>();
  private final IdentifyService identify;
  private final NoiseStaticIdentity noiseIdentity;
  private final PeerRecordSigner recordSigner;
  private final PeerResolver resolver = new PeerResolver(this);
  private final HostMeters meters;
  private final PeerLogLimit admittedLog = new PeerLogLimit(Duration.ofMinutes(1));
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
    this.identify = new IdentifyService(this, config.identity().publicKey(), config.agentVersion());
    this.meters = new HostMeters(this, config.meterRegistry());
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
    ServerBootstrap server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    try {
      for (Multiaddr address : config.listenAddresses()) {
        InetSocketAddress bind = TcpAddresses.bindAddress(address);
        ChannelFuture bound = server.bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
          Throwable cause = bound.cause();
          throw new IOException(
              "cannot listen on "
                  + address
                  + ": "
                  + (cause instanceof BindException
                      ? "address already in use"
                      : cause.getMessage()),
              cause);
        }
        serverChannels.add(bound.channel());
        listenAddresses.addAll(
            TcpAddresses.dialable((InetSocketAddress) bound.channel().localAddress()));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    if (!config.idleTimeout().isZero()) {
      long period = Math.max(100, config.idleTimeout().toMillis() / 4);
      idleCheck =
          group.scheduleAtFixedRate(
              this::closeIdleConnections, period, period, TimeUnit.MILLISECONDS);
    }
    LOG.info("host {} listening on {}", peerId, listenAddresses);
  }

  /** Closes connections that have carried no stream for the idle timeout. */
  private void closeIdleConnections() {
    long now = System.nanoTime();
    for (NettyConnection c : connections.values()) {
      if (c.streamCount() > 0) {
        idleSince.remove(c);
        continue;
      }
      long since = idleSince.computeIfAbsent(c, x -> now);
      if (now - since >= config.idleTimeout().toNanos()) {
        LOG.debug("closing {}: idle for {}", c, config.idleTimeout());
        idleSince.remove(c);
        c.close();
      }
    }
  }

  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private void accept(SocketChannel ch) {
    Multiaddr remote = TcpAddresses.of(ch.remoteAddress());
    if (state != State.STARTED
        || !meters.gater(HostMeters.GaterStage.ACCEPT, config.gater().allowAccept(remote))) {
      ch.close();
      return;
    }
    if (inboundConnections.incrementAndGet() > config.maxConnections()) {
      inboundConnections.decrementAndGet();
      LOG.warn(
          "refusing connection from {}: {} connections already", remote, config.maxConnections());
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> inboundConnections.decrementAndGet());
    ch.pipeline().addLast("bytes", meters.byteCounter());
    ConnectionUpgrade upgrade = new ConnectionUpgrade(this, Direction.INBOUND, Optional.empty());
    ch.pipeline().addLast("upgrade", upgrade);
    limitHandshake(ch, upgrade);
    upgrade
        .result()
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                logUpgradeFailure(remote, e);
              } else {
                register(c);
              }
            });
  }

  /**
   * One line per failed inbound connection. When the connection was closed under us, the layer that
   * closed it has already said why, so we only add a debug line.
   */
  private static void logUpgradeFailure(Multiaddr remote, Throwable e) {
    // Per attempt, so DEBUG: anyone can make them. A refused peer is logged by the gater, once per
    // peer and interval.
    LOG.debug("inbound connection from {} failed: {}", remote, e.getMessage());
  }

  /** Closes a channel whose upgrade has not finished within the dial timeout. */
  private void limitHandshake(Channel ch, ConnectionUpgrade upgrade) {
    var timer =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (!upgrade.result().isDone()) {
                    upgrade
                        .result()
                        .completeExceptionally(
                            new DialException(
                                "handshake with "
                                    + ch.remoteAddress()
                                    + " did not finish within "
                                    + config.dialTimeout().toMillis()
                                    + " ms"));
                    ch.close();
                  }
                },
                config.dialTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
    upgrade.result().whenComplete((c, e) -> timer.cancel(false));
  }

  @Override
  public CompletableFuture<Connection> connect(Multiaddr address) {
    Optional<PeerId> id = address.peerId();
    if (id.isEmpty()) {
      return CompletableFuture.failedFuture(
          new DialException("cannot dial " + address + ": it has no /p2p/<peer id>"));
    }
    PeerId peer = id.get();
    if (peer.equals(peerId)) {
      return CompletableFuture.failedFuture(new DialException("cannot dial ourselves: " + address));
    }
    NettyConnection open = openConnection(peer);
    if (open != null) {
      return CompletableFuture.completedFuture(open);
    }
    return sharedDial(peer, List.of(address.withoutPeerId()));
  }

  @Override
  public CompletableFuture<Connection> connect(PeerId peer) {
    return resolver.connect(peer);
  }

  @Override
  public PeerResolver resolver() {
    return resolver;
  }

  private NettyConnection openConnection(PeerId peer) {
    NettyConnection c = connections.get(peer);
    return c != null && c.isOpen() ? c : null;
  }

  /**
   * Joins the dial to {@code peer} in flight, or starts one. Each caller gets a future of its own:
   * cancelling it (a caller's deadline) leaves the others waiting, and the dial is abandoned only
   * once no caller waits for it. A finished dial is never joined.
   *
   * <p>Starting a dial, it looks again for an open connection: a dial that finished between the
   * caller's look and this one has registered its connection already, and a second connection to
   * the same peer would replace the first one, resetting every stream on it.
   */
  private CompletableFuture<Connection> sharedDial(PeerId peer, List<Multiaddr> addresses) {
    while (true) {
      SharedDial fresh = new SharedDial();
      SharedDial shared =
          dialsInFlight.compute(peer, (p, inFlight) -> inFlight != null ? inFlight : fresh);
      CompletableFuture<Connection> mine = shared.join();
      if (mine == null) { // finished or abandoned as we looked: it leaves the map at once
        dialsInFlight.remove(peer, shared);
        continue;
      }
      if (shared == fresh) {
        fresh.result.whenComplete((c, e) -> dialsInFlight.remove(peer, fresh));
        NettyConnection open = openConnection(peer);
        if (open != null) {
          fresh.result.complete(open);
        } else {
          dialNext(peer, addresses, 0, new ArrayList<>(), fresh);
        }
      }
      return mine;
    }
  }

  /** A dial in flight and the callers waiting for it. */
  private static final class SharedDial {
    final CompletableFuture<Connection> result = new CompletableFuture<>();

    /** Callers waiting; -1 once the dial finished or was abandoned, and no one may join. */
    private final AtomicInteger waiters = new AtomicInteger();

    /** The channel of the attempt in progress, closed if the dial is abandoned. */
    final AtomicReference<Channel> attempt = new AtomicReference<>();

    SharedDial() {
      result.whenComplete((c, e) -> waiters.set(-1));
    }

    /** A future of the caller's own, or null if the dial can no longer be joined. */
    CompletableFuture<Connection> join() {
      while (true) {
        int w = waiters.get();
        if (w < 0) {
          return null;
        }
        if (waiters.compareAndSet(w, w + 1)) {
          break;
        }
      }
      CompletableFuture<Connection> mine = new CompletableFuture<>();
      result.whenComplete(
          (c, e) -> {
            if (e != null) {
              mine.completeExceptionally(e);
            } else {
              mine.complete(c);
            }
          });
      mine.whenComplete(
          (c, e) -> {
            if (mine.isCancelled()) {
              leave();
            }
          });
      return mine;
    }

    private void leave() {
      if (waiters.decrementAndGet() == 0 && waiters.compareAndSet(0, -1)) {
        result.completeExceptionally(new DialException("dial abandoned: no caller waits for it"));
        Channel ch = attempt.get();
        if (ch != null) {
          ch.close();
        }
      }
    }

    boolean abandoned() {
      return result.isDone();
    }
  }

  /** Dials {@code addresses} of {@code peer} in turn until one connects. */
  private void dialNext(
      PeerId peer, List<Multiaddr> addresses, int index, List<String> failures, SharedDial dial) {
    if (dial.abandoned()) {
      return;
    }
    if (state == State.CLOSED) {
      dial.result.completeExceptionally(new DialException("host is closed"));
      return;
    }
    if (index == addresses.size()) {
      dial.result.completeExceptionally(
          new DialException("cannot dial " + peer + ": " + String.join("; ", failures)));
      return;
    }
    Multiaddr address = addresses.get(index);
    dialOnce(peer, address, dial)
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                dial.result.complete(c);
                return;
              }
              if (e instanceof DialException d && d.getClass() != DialException.class) {
                dial.result.completeExceptionally(e); // a peer id mismatch: no point trying further
              } else if (addresses.size() == 1) {
                dial.result.completeExceptionally(e);
              } else {
                failures.add(address + ": " + e.getMessage());
                dialNext(peer, addresses, index + 1, failures, dial);
              }
            });
  }

  private CompletableFuture<Connection> dialOnce(PeerId peer, Multiaddr address, SharedDial dial) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    if (!meters.gater(HostMeters.GaterStage.DIAL, config.gater().allowDial(peer, address))) {
      result.completeExceptionally(
          new DialException("dialling " + peer + " at " + address + " refused by the gater"));
      return result;
    }
    InetSocketAddress target;
    try {
      target = TcpAddresses.dialAddress(address);
    } catch (IOException | IllegalArgumentException e) {
      result.completeExceptionally(
          new DialException("cannot dial " + address + ": " + e.getMessage(), e));
      return result;
    }
    ConnectionUpgrade upgrade = new ConnectionUpgrade(this, Direction.OUTBOUND, Optional.of(peer));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("bytes", meters.byteCounter());
                    ch.pipeline().addLast("upgrade", upgrade);
                  }
                });
    ChannelFuture connecting = bootstrap.connect(target);
    dial.attempt.set(connecting.channel());
    if (dial.abandoned()) {
      connecting.channel().close();
    }
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            addressBook.markFailing(peer, address);
            result.completeExceptionally(
                new DialException(
                    "cannot connect to " + address + ": " + f.cause().getMessage(), f.cause()));
          } else {
            limitHandshake(connecting.channel(), upgrade);
          }
        });
    upgrade
        .result()
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                addressBook.markFailing(peer, address);
                result.completeExceptionally(e);
              } else {
                result.complete(register(c));
              }
            });
    return result;
  }

  /**
   * Makes {@code c} the peer's connection. When two connections to one peer race (both sides
   * dialled at once), both sides keep the one dialled by the peer with the smaller id, so they
   * agree without talking. When one peer dialled twice, the newer wins: a dialer only dials when it
   * has no open connection, so the older one is on its way out (its close may simply not have
   * reached us yet) or was replaced on purpose.
   */
  private Connection register(NettyConnection c) {
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
      c.close();
      return kept;
    }
    if (replaced[0] != null) {
      LOG.debug("closing {}: replaced by a newer connection", replaced[0]);
      replaced[0].close();
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
              meters.connectionClosed(c.direction());
              listeners.forEach(l -> notify(() -> l.disconnected(c)));
            });
    meters.connectionOpened(c.direction());
    // A meaningful event, once per peer and minute at INFO; every connection at DEBUG.
    if (admittedLog.shouldLog(peer, System.nanoTime())) {
      LOG.info(
          "peer {} admitted ({} connection, {})",
          peer,
          c.direction().name().toLowerCase(java.util.Locale.ROOT),
          c.remoteAddress());
    } else {
      LOG.debug("connected to {}", c);
    }
    listeners.forEach(l -> notify(() -> l.connected(c)));
    return c;
  }

  private NettyConnection preferred(NettyConnection a, NettyConnection b) {
    PeerId dialerOfA = a.direction() == Direction.OUTBOUND ? peerId : a.remotePeer();
    PeerId dialerOfB = b.direction() == Direction.OUTBOUND ? peerId : b.remotePeer();
    if (dialerOfA.equals(dialerOfB)) {
      return b; // same dialer twice: keep the newer
    }
    return dialerOfA.compareTo(dialerOfB) < 0 ? a : b;
  }

  private static void notify(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("connection listener failed", e);
    }
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
            this::serveInbound,
            yamux,
            memory);
    session.setConnection(connection);
    return session;
  }

  private void serveInbound(YamuxStream stream) {
    Thread.ofVirtual()
        .name("inbound stream from " + stream.remotePeer())
        .start(() -> serve(stream));
  }

  private void serve(YamuxStream raw) {
    Stream stream;
    try {
      Instant deadline = Instant.now().plus(config.negotiationTimeout());
      raw.setReadDeadline(deadline);
      raw.setWriteDeadline(deadline);
      stream = StreamNegotiator.acceptBuffered(raw, handlers::containsKey, handlers::keySet);
      raw.setReadDeadline(null);
      raw.setWriteDeadline(null);
      raw.setProtocol(stream.protocol());
    } catch (MultistreamException e) {
      // E.g. an optimistic dialer's request read as a second proposal after our "na". Close
      // rather than reset: a reset would make the dialer discard the "na" unread.
      LOG.debug("inbound stream from {}: negotiation failed: {}", raw.remotePeer(), e.toString());
      raw.close();
      return;
    } catch (Exception e) {
      LOG.debug("inbound stream from {}: negotiation failed: {}", raw.remotePeer(), e.toString());
      raw.reset();
      return;
    }
    String protocol = stream.protocol();
    StreamHandler handler = handlers.get(protocol);
    if (handler == null) {
      stream.reset(); // removed while negotiating
      return;
    }
    meters.streamOpened(protocol, Direction.INBOUND);
    try {
      handler.handle(stream);
      stream.close();
    } catch (StreamResetException e) {
      // The peer gave up on the stream, or the connection went: routine, not the handler's fault.
      LOG.debug(
          "stream for {} from {} was reset: {}", protocol, stream.remotePeer(), e.getMessage());
      stream.reset();
    } catch (Exception e) {
      LOG.warn(
          "handler for {} failed on a stream from {}: {}",
          protocol,
          stream.remotePeer(),
          e.toString());
      stream.reset();
    }
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(listenAddresses);
  }

  @Override
  public Optional<Connection> connection(PeerId peer) {
    return Optional.ofNullable(openConnection(peer));
  }

  @Override
  public Collection<Connection> connections() {
    return connections.values().stream()
        .filter(NettyConnection::isOpen)
        .map(c -> (Connection) c)
        .toList();
  }

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    boolean changed = handlers.put(protocol, handler) == null;
    if (changed && state == State.STARTED) {
      identify.pushToAll();
    }
  }

  @Override
  public void removeStreamHandler(String protocol) {
    if (handlers.remove(protocol) != null && state == State.STARTED) {
      identify.pushToAll();
    }
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
    for (Channel server : serverChannels) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (NettyConnection c : connections.values()) {
      closing.add(c.close());
    }
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
