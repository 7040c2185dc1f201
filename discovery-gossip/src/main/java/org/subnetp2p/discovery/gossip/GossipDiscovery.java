package org.subnetp2p.discovery.gossip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.multiaddr.Protocol;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.peerstate.PeerCache;
import org.subnetp2p.discovery.gossip.peerstate.PeerState;
import org.subnetp2p.discovery.gossip.peerstate.PeerStateRecords;
import org.subnetp2p.discovery.gossip.peerstate.RecordIntake;
import org.subnetp2p.discovery.gossip.peerstate.RecordValidator;
import org.subnetp2p.discovery.gossip.sync.DagSynchronizer;
import org.subnetp2p.discovery.gossip.sync.SyncClient;
import org.subnetp2p.discovery.gossip.sync.SyncServer;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;
import org.subnetp2p.discovery.gossip.wire.WireCodec;

/**
 * The {@code gossip} discovery: subnet-template's peer-state heartbeat on the node's {@link
 * PubSub}, wire-compatible with its {@code PeerStateDagPublisher} and DAG receiver.
 *
 * <p>Once {@linkplain #bind bound} to the node's identity and pubsub and {@linkplain #start
 * started}, it
 *
 * <ul>
 *   <li>publishes this node's signed peer-state record on topic {@value #TOPIC} at once and every
 *       {@link GossipSettings#interval()};
 *   <li>validates the records others publish, caches the latest of each peer for {@link
 *       GossipSettings#window()} and counts every refusal by {@link Rejection reason};
 *   <li>serves {@value #SYNC_PROTOCOL_ID} from the DAG nodes it holds, and uses it to learn the
 *       recent records of every peer it connects to and the parents of what it receives.
 * </ul>
 *
 * <p>{@link #find} and {@link #knownPeers} answer from the cache, at once.
 */
public final class GossipDiscovery implements MultiaddrDiscovery {
  /** The name the config selects it by. */
  public static final String NAME = "gossip";

  /** Its cost: a local cache, asked right after the address book, before the DHT. */
  public static final int COST = 20;

  /** The pubsub topic of the heartbeat. */
  public static final String TOPIC = PeerStateRecords.TOPIC;

  /** The DAG sync protocol it serves and uses. */
  public static final String SYNC_PROTOCOL_ID = SyncServer.PROTOCOL_ID;

  private static final Logger LOG = LoggerFactory.getLogger(GossipDiscovery.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration GOODBYE_TIMEOUT = Duration.ofSeconds(2);
  private static final int JSON_DEPTH = 32;
  private static final int RATE_BURST = 10;
  private static final int SYNC_REQUEST_BYTES = 1 << 20;
  private static final int SYNC_RESPONSE_BYTES = 16 << 20;
  private static final int SYNC_RESPONSE_NODES = 1024;
  private static final int SYNC_CONCURRENT = 16;
  private static final int SYNC_PASS_NODES = 2048;

  private final GossipSettings settings;
  private final LongSupplier clock;
  private final Counters counters = new Counters();
  private final PeerCache cache;
  private final DagStore store;
  private final SecureRandom random = new SecureRandom();
  private volatile ServerState state = ServerState.ONLINE;
  private volatile LongSupplier epoch = () -> 0;

  private PrivateKey identity;
  private PubSub pubSub;
  private Host host;
  private RecordIntake intake;
  private DagSynchronizer sync;
  private PubSub.Subscription subscription;
  private ConnectionListener listener;
  private Thread heartbeat;
  private boolean closed;

  /** A discovery with {@code settings}, to be bound and started. */
  public GossipDiscovery(GossipSettings settings) {
    this(settings, System::currentTimeMillis);
  }

  GossipDiscovery(GossipSettings settings, LongSupplier clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = clock;
    this.cache = new PeerCache(settings.maxPeers());
    this.store = new DagStore(settings.dagMaxNodes(), settings.dagMaxBytes());
  }

  /**
   * Hands over what the heartbeat runs on: the node's identity key, which signs its records (their
   * author must be the host's peer id), and the node's pubsub. Call once, before {@link #start}.
   *
   * @return this
   */
  public synchronized GossipDiscovery bind(PrivateKey identity, PubSub pubSub) {
    if (this.identity != null) {
      throw new IllegalStateException("gossip discovery already bound");
    }
    this.identity = Objects.requireNonNull(identity, "identity");
    this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
    return this;
  }

  /** The state this node announces from its next record on; {@code ONLINE} by default. */
  public void setState(ServerState value) {
    state = Objects.requireNonNull(value, "state");
  }

  /**
   * Where the announced {@code epoch} comes from (subnet-template reads the subnet's epoch from the
   * chain); 0 by default.
   */
  public void setEpochSource(LongSupplier source) {
    epoch = Objects.requireNonNull(source, "source");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int cost() {
    return COST;
  }

  /** These settings. */
  public GossipSettings settings() {
    return settings;
  }

  /**
   * Starts serving the sync protocol on {@code host}, subscribes to the topic and starts
   * publishing.
   *
   * @throws IllegalStateException if not {@linkplain #bind bound}, already started or closed
   * @throws IllegalArgumentException if {@code host} is not the bound identity's
   */
  @Override
  public synchronized void start(Host host) {
    if (identity == null) {
      throw new IllegalStateException(
          "the gossip discovery needs the node's identity and pubsub: call bind() before start()");
    }
    if (this.host != null || closed) {
      throw new IllegalStateException(closed ? "closed" : "already started");
    }
    PeerId local = host.peerId();
    if (!local.equals(PeerId.fromPublicKey(identity.publicKey()))) {
      throw new IllegalArgumentException("the host's peer id is not the bound identity's");
    }
    long window = settings.window().toMillis();
    int maxMessage = settings.maxMessageBytes();
    intake =
        new RecordIntake(
            local,
            new RecordValidator(settings.subnetId(), window),
            store,
            cache,
            counters,
            new RecordIntake.Limits(
                maxMessage,
                new Json.Limits(maxMessage, JSON_DEPTH),
                RATE_BURST,
                Math.clamp(settings.interval().toMillis() / 2, 50, 1000),
                settings.maxPeers()),
            window,
            clock);
    host.setStreamHandler(
        SYNC_PROTOCOL_ID,
        new SyncServer(
            local,
            store,
            counters,
            new SyncServer.Limits(
                SYNC_REQUEST_BYTES,
                SYNC_RESPONSE_NODES,
                SYNC_RESPONSE_BYTES / 2,
                settings.syncTimeout(),
                SYNC_CONCURRENT),
            window,
            clock));
    sync =
        new DagSynchronizer(
            new SyncClient(host, settings.syncTimeout(), SYNC_RESPONSE_BYTES, clock),
            store,
            intake,
            counters,
            () -> host.connections().stream().map(Connection::remotePeer).toList(),
            clock,
            window,
            settings.interval(),
            SYNC_PASS_NODES);
    sync.start();
    DagSynchronizer s = sync;
    listener =
        new ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            s.inventory(connection.remotePeer());
          }
        };
    host.addConnectionListener(listener);
    host.connections().forEach(c -> s.inventory(c.remotePeer()));
    subscription = pubSub.subscribe(TOPIC, this::onMessage);
    this.host = host;
    heartbeat = Thread.ofVirtual().name("gossip-heartbeat").start(this::beat);
  }

  private void onMessage(PubSub.Message message) {
    RecordIntake.Result result;
    try {
      result = intake.onMessage(message);
    } catch (RuntimeException e) { // a bug, not bad input: keep the pubsub's thread alive
      LOG.warn(
          "a peer-state message from {} could not be handled: {}",
          message.from(),
          e.getClass().getName());
      return;
    }
    switch (result.outcome()) {
      case ACCEPTED -> {
        if (!result.missingParents().isEmpty()) {
          sync.missing(message.from());
        }
      }
      case ANNOUNCEMENT -> {
        if (result.announcement().orElseThrow().headIds().stream()
            .anyMatch(id -> !store.contains(id))) {
          sync.inventory(message.from());
        }
      }
      case REJECTED ->
          LOG.debug(
              "refused a peer-state message from {}: {}",
              message.from(),
              result.reason().orElseThrow().label());
      default -> {}
    }
  }

  private void beat() {
    while (!isClosed()) {
      try {
        publish(state, PUBLISH_TIMEOUT);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        counters.publishFailures.increment();
        LOG.debug("publishing this node's peer state failed: {}", e.toString());
      }
      cache.purge(clock.getAsLong());
      try {
        Thread.sleep(settings.interval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Builds, stores and publishes one record, waiting up to {@code timeout} for the pubsub. */
  private void publish(ServerState announced, Duration timeout) throws Exception {
    Optional<Multiaddr> address = announceAddress();
    if (address.isEmpty()) {
      return; // not listening: nothing to announce
    }
    long now = clock.getAsLong();
    byte[] uid = new byte[16];
    random.nextBytes(uid);
    PeerState payload =
        new PeerState(
            HexFormat.of().formatHex(uid),
            epoch.getAsLong(),
            settings.subnetId(),
            settings.subnetNodeId(),
            announced,
            PeerState.VALIDATOR,
            address.get().toString());
    NodeGossip gossip = PeerStateRecords.build(identity, payload, now, now);
    intake.own(gossip);
    pubSub.publish(TOPIC, WireCodec.encode(gossip)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    counters.published.increment();
  }

  /** The address this node announces: the setting, else its first listen address. */
  Optional<Multiaddr> announceAddress() {
    if (settings.announce().isPresent()) {
      return settings.announce();
    }
    for (Multiaddr address : host.listenAddresses()) {
      Optional<String> ip4 = address.valueOf(Protocol.IP4);
      if (ip4.isPresent() && ip4.get().equals("0.0.0.0")) {
        String text = address.toString();
        return Optional.of(
            Multiaddr.parse("/ip4/" + machineAddress() + text.substring("/ip4/0.0.0.0".length())));
      }
      if (address.valueOf(Protocol.IP6).filter(ip -> ip.equals("::")).isEmpty()) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }

  private static String machineAddress() {
    try {
      for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
        if (nic.isUp() && !nic.isLoopback()) {
          for (InetAddress a : nic.inetAddresses().toList()) {
            if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
              return a.getHostAddress();
            }
          }
        }
      }
    } catch (SocketException e) {
      LOG.debug("cannot list network interfaces: {}", e.getMessage());
    }
    return "127.0.0.1";
  }

  @Override
  public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
    return CompletableFuture.completedFuture(
        cache.get(peer, clock.getAsLong()).map(p -> List.of(p.address())).orElse(List.of()));
  }

  @Override
  public CompletableFuture<List<Multiaddr>> knownPeers() {
    return CompletableFuture.completedFuture(
        cache.live(clock.getAsLong()).stream().map(KnownPeer::address).toList());
  }

  /** The peers known now, with what their latest records say. */
  public List<KnownPeer> peers() {
    return cache.live(clock.getAsLong());
  }

  /** What is known of {@code peer}, if its record has not lapsed. */
  public Optional<KnownPeer> peer(PeerId peer) {
    return cache.get(peer, clock.getAsLong());
  }

  /** The counters and sizes, for the admin endpoint and metrics. */
  public GossipStats stats() {
    return new GossipStats(
        counters.accepted.sum(),
        counters.duplicates.sum(),
        counters.stale.sum(),
        counters.announcements.sum(),
        counters.rejections(),
        counters.published.sum(),
        counters.publishFailures.sum(),
        cache.size(),
        store.size(),
        store.bytes(),
        store.orphanCount(),
        counters.syncServed.sum(),
        counters.syncRefused.sum(),
        counters.syncFetched.sum(),
        counters.syncFailures.sum());
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops publishing, announces {@code OFFLINE} (waiting at most 2 s for the pubsub), leaves the
   * topic and stops serving the sync protocol. Idempotent.
   */
  @Override
  public void close() {
    Thread beating;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      beating = heartbeat;
    }
    if (host == null) {
      return;
    }
    beating.interrupt();
    try {
      beating.join(GOODBYE_TIMEOUT);
      publish(ServerState.OFFLINE, GOODBYE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("announcing OFFLINE failed: {}", e.toString());
    }
    subscription.close();
    host.removeConnectionListener(listener);
    host.removeStreamHandler(SYNC_PROTOCOL_ID);
    sync.close();
  }
}
