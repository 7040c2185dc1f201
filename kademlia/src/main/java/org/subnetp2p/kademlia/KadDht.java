package org.subnetp2p.kademlia;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Component;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.multiaddr.Protocol;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.core.routing.PeerRouting;
import org.subnetp2p.kademlia.routing.Key;
import org.subnetp2p.kademlia.routing.RoutingTable;
import org.subnetp2p.kademlia.rpc.InboundLimiter;
import org.subnetp2p.kademlia.rpc.KadClient;
import org.subnetp2p.kademlia.rpc.KadCounters;
import org.subnetp2p.kademlia.rpc.KadServer;
import org.subnetp2p.kademlia.rpc.PeerRateLimiter;
import org.subnetp2p.kademlia.store.PeerStore;
import org.subnetp2p.kademlia.store.ProviderStore;
import org.subnetp2p.kademlia.store.ValueStore;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * The Kademlia DHT ({@code /ipfs/kad/1.0.0}) on a {@link Host}: finds peers by asking neighbours,
 * stores and finds records and provider records, and in server mode answers others.
 *
 * <pre>{@code
 * KadDht dht = new KadDht(host, KadConfig.builder().mode(KadMode.SERVER).build());
 * dht.start();
 * host.connect(bootstrapAddress).get();          // identify puts it in the routing table
 * List<Multiaddr> addresses = dht.findPeer(someone).get();
 * }</pre>
 *
 * <p>Peers join the routing table only when identify says they serve the protocol (server mode), as
 * the spec asks; peers that fail a request are evicted and replaced from their bucket's replacement
 * cache. The table is refreshed by random walks at start (or when its first peer arrives) and then
 * periodically. Every public operation returns at once; the work runs on virtual threads, bounded
 * by the configured timeouts. See the package documentation for the py-libp2p quirks this
 * implementation meets.
 */
public final class KadDht implements PeerRouting, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KadDht.class);

  private final Host host;
  private final KadConfig config;
  private final PeerId self;
  private final RoutingTable table;
  private final PeerDirectory directory;
  private final KadCounters counters = new KadCounters();
  private final KadClient client;
  private final KadServer server;
  private final Lookups lookups;
  private final Content content;
  private final AddressBook.Listener identifyListener = this::protocolsChanged;
  private final ConnectionListener reconnectListener =
      new ConnectionListener() {
        @Override
        public void connected(Connection connection) {
          readmit(connection.remotePeer());
        }
      };
  private final List<Consumer<PeerId>> tableListeners = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> firstPeer = new CompletableFuture<>();
  private volatile KadMode mode;
  private volatile Thread maintenance;
  private volatile boolean closed;

  /** A DHT on {@code host}; call {@link #start()} once the host listens. */
  public KadDht(Host host, KadConfig config) {
    this.host = Objects.requireNonNull(host, "host");
    this.config = Objects.requireNonNull(config, "config");
    this.self = host.peerId();
    this.table = new RoutingTable(self, config.k());
    this.directory =
        new PeerDirectory(
            host, new PeerStore(config.peerCacheSize(), config.maxAddressesPerPeer()), config);
    ValueStore values = new ValueStore(config.maxRecords(), config.recordTtl(), Clock.systemUTC());
    ProviderStore providers =
        new ProviderStore(
            config.maxProviderKeys(),
            config.maxProvidersPerKey(),
            config.providerTtl(),
            Clock.systemUTC());
    NamespacedValidator validator = new NamespacedValidator(config.validators());
    this.client =
        new KadClient(
            host,
            config.protocol(),
            config.requestTimeout(),
            config.maxResponseSize(),
            directory::dialable,
            directory::dialling,
            directory::ownRecord,
            counters);
    this.server =
        new KadServer(
            new Responder(self, config, table, directory, values, providers, validator),
            config.maxRequestSize(),
            config.requestTimeout(),
            new InboundLimiter(config.maxInboundStreamsPerPeer(), config.maxInboundStreams()),
            new PeerRateLimiter(
                config.requestsPerSecondPerPeer(),
                config.requestBurstPerPeer(),
                config.peerCacheSize()),
            counters);
    this.lookups =
        new Lookups(
            self,
            config,
            table,
            directory,
            client,
            this::awaitFirstPeer,
            this::evict,
            new KadMeters(host.meterRegistry(), table, counters));
    this.content = new Content(host, lookups, values, providers, validator);
  }

  // ---- lifecycle ----

  /**
   * Serves the protocol (server mode), fills the routing table with the peers identify already
   * reported, and starts the refresh. Call once the host listens: automatic mode looks at its
   * listen addresses.
   */
  public synchronized void start() {
    if (mode != null) {
      throw new IllegalStateException("already started");
    }
    mode = config.mode() == KadMode.AUTO ? modeFor(host.listenAddresses()) : config.mode();
    if (mode == KadMode.SERVER) {
      host.setStreamHandler(config.protocol(), server);
    }
    host.addressBook().addListener(identifyListener);
    host.addConnectionListener(reconnectListener);
    for (PeerId p : host.addressBook().peers()) {
      protocolsChanged(p, host.addressBook().protocols(p));
    }
    maintenance = Thread.ofVirtual().name("kad maintenance " + self).start(this::maintain);
    LOG.info(
        "kad dht on {} in {} mode{}",
        config.protocol(),
        mode.name().toLowerCase(java.util.Locale.ROOT),
        config.mode() == KadMode.AUTO && mode == KadMode.CLIENT
            ? " (no public listen address; discovery.dht.mode=server serves anyway)"
            : "");
  }

  /** Server if any listen address is publicly routable (or a DNS name), client otherwise. */
  static KadMode modeFor(List<Multiaddr> listenAddresses) {
    for (Multiaddr a : listenAddresses) {
      for (Component c : a.components()) {
        Protocol p = c.protocol();
        if (p == Protocol.DNS
            || p == Protocol.DNS4
            || p == Protocol.DNS6
            || p == Protocol.DNSADDR) {
          return KadMode.SERVER;
        }
        if ((p == Protocol.IP4 || p == Protocol.IP6) && isPublic(c.value())) {
          return KadMode.SERVER;
        }
      }
    }
    return KadMode.CLIENT;
  }

  private static boolean isPublic(byte[] ip) {
    InetAddress a;
    try {
      a = InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      return false;
    }
    boolean uniqueLocal = ip.length == 16 && (ip[0] & 0xFE) == 0xFC;
    boolean sharedNat = ip.length == 4 && (ip[0] & 0xFF) == 100 && (ip[1] & 0xC0) == 64;
    return !(a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()
        || uniqueLocal
        || sharedNat);
  }

  /** Stops serving and refreshing. Lookups in progress end at their deadline. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = maintenance;
    }
    if (t != null) {
      t.interrupt();
    }
    host.addressBook().removeListener(identifyListener);
    host.removeConnectionListener(reconnectListener);
    if (mode == KadMode.SERVER) {
      host.removeStreamHandler(config.protocol());
    }
  }

  // ---- the routing table ----

  /** Identify told us {@code peer}'s protocols: it joins the table if it serves ours. */
  private void protocolsChanged(PeerId peer, Set<String> protocols) {
    if (closed) {
      return;
    }
    if (protocols.contains(config.protocol())) {
      if (table.add(peer) == RoutingTable.Outcome.ADDED) {
        firstPeer.complete(null);
        tableListeners.forEach(l -> l.accept(peer));
      }
    } else if (table.contains(peer)) {
      evict(peer); // it stopped serving the protocol
    }
  }

  /**
   * A peer we are connected to again (a new connection, or one that outlived an outage) rejoins the
   * table if it serves the protocol. Identify reports only changes of protocols, so a peer evicted
   * for failing requests, during a partition say, that comes back announcing what it did before
   * would otherwise stay out for good, and the two sides of a healed partition would never learn of
   * each other again.
   */
  private void readmit(PeerId peer) {
    if (!closed && !table.contains(peer)) {
      Set<String> protocols = host.addressBook().protocols(peer);
      if (protocols.contains(config.protocol())) {
        protocolsChanged(peer, protocols);
      }
    }
  }

  private void evict(PeerId peer) {
    PeerId replacement = table.evict(peer);
    if (replacement != null) {
      LOG.debug("evicted {} from the routing table; {} replaces it", peer, replacement);
    }
    if (table.size() == 0) {
      firstPeer = new CompletableFuture<>();
    }
  }

  /** Our own peer id. */
  public PeerId peerId() {
    return self;
  }

  /** The peers of the routing table. */
  public List<PeerId> routingTable() {
    return table.peers();
  }

  /** The addresses we know for {@code peer} and would tell others, without {@code /p2p/}. */
  public List<Multiaddr> addressesOf(PeerId peer) {
    return directory.shareable(peer);
  }

  /** Calls {@code listener} with each peer that joins the routing table. */
  public void onPeerAdded(Consumer<PeerId> listener) {
    tableListeners.add(listener);
  }

  /** The mode in force; the configured one before {@link #start()}. */
  public KadMode mode() {
    KadMode m = mode;
    return m != null ? m : config.mode();
  }

  /** The settings. */
  public KadConfig config() {
    return config;
  }

  /** What the DHT did on the wire so far. */
  public KadStats stats() {
    return new KadStats(
        counters.requestsSent.sum(),
        counters.requestsFailed.sum(),
        counters.badAnswers.sum(),
        counters.inboundAnswered.sum(),
        counters.inboundOverLimit.sum(),
        counters.inboundRateLimited.sum(),
        counters.inboundRejected.sum(),
        table.size());
  }

  // ---- peer routing ----

  /**
   * The addresses of {@code peer}, each with its {@code /p2p/} id: what we know if connected or in
   * our table, else what a lookup finds; an empty list if nobody knows them before the lookup
   * deadline.
   */
  @Override
  public CompletableFuture<List<Multiaddr>> findPeer(PeerId peer) {
    return findPeer(peer, p -> {}).thenApply(LookupResult::targetAddresses);
  }

  /** {@link #findPeer(PeerId)}, reporting the lookup's progress to {@code progress}. */
  public CompletableFuture<LookupResult> findPeer(PeerId peer, Consumer<LookupProgress> progress) {
    Objects.requireNonNull(peer, "peer");
    return async(
        () -> {
          if (host.connection(peer).isPresent() || table.contains(peer)) {
            List<Multiaddr> known = Lookups.withId(peer, directory.shareable(peer));
            if (!known.isEmpty()) {
              return new LookupResult(List.of(), known, 0, 0, 0, 0, Duration.ZERO, false);
            }
          }
          return lookups.findNode(peer.toBytes(), Optional.of(peer), progress);
        });
  }

  /**
   * A lookup of {@code peer} on the network, whatever we know of it already: ends as soon as an
   * answer names it with addresses, or when the k closest peers have answered.
   */
  public CompletableFuture<LookupResult> lookupPeer(
      PeerId peer, Consumer<LookupProgress> progress) {
    Objects.requireNonNull(peer, "peer");
    return async(() -> lookups.findNode(peer.toBytes(), Optional.of(peer), progress));
  }

  @Override
  public CompletableFuture<List<PeerId>> closestPeers(byte[] key) {
    return lookup(key, p -> {}).thenApply(LookupResult::closest);
  }

  /** A lookup of the k peers closest to {@code key}, reporting its progress to {@code progress}. */
  public CompletableFuture<LookupResult> lookup(byte[] key, Consumer<LookupProgress> progress) {
    byte[] k = key.clone();
    return async(() -> lookups.findNode(k, Optional.empty(), progress));
  }

  /** Waits a bounded time for an empty table's first peer, e.g. right after start. */
  private void awaitFirstPeer() throws InterruptedException {
    if (table.size() > 0 || config.bootstrapWait().isZero()) {
      return;
    }
    try {
      firstPeer.get(config.bootstrapWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // no peer: the lookup ends at once, empty-handed
    }
  }

  // ---- records and providers ----

  /**
   * Stores {@code value} under {@code key} here and at the k peers closest to the key. The value
   * must be valid for the key's namespace.
   *
   * @return a future of the number of peers that stored it; fails with {@link
   *     InvalidRecordException} if the value is not valid
   */
  public CompletableFuture<Integer> putValue(byte[] key, byte[] value) {
    byte[] k = key.clone();
    byte[] v = value.clone();
    return async(() -> content.put(k, v));
  }

  /**
   * The value stored under {@code key}: ours if we hold one, else the best valid value the peers
   * closest to the key return. Records that do not validate, or are filed under another key, are
   * ignored.
   */
  public CompletableFuture<Optional<byte[]>> getValue(byte[] key) {
    byte[] k = key.clone();
    return async(() -> content.get(k));
  }

  /**
   * Announces that this peer provides {@code key} (a multihash, e.g. of a content id) to the k
   * peers closest to it, and again every {@link KadConfig#providerRepublishInterval()}.
   *
   * @return a future of the number of peers told
   */
  public CompletableFuture<Integer> provide(byte[] key) {
    byte[] k = key.clone();
    if (k.length == 0 || k.length > config.maxKeySize()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("a key of 1 to " + config.maxKeySize() + " bytes"));
    }
    return async(() -> content.provide(k));
  }

  /**
   * Up to {@code count} providers of {@code key}: those we hold, then those the peers closest to
   * the key name.
   */
  public CompletableFuture<List<ProviderInfo>> findProviders(byte[] key, int count) {
    byte[] k = key.clone();
    return async(() -> content.providers(k, count));
  }

  // ---- ping ----

  /**
   * Asks {@code peer} for a Kademlia {@code PING} answer and measures the round trip. The spec
   * deprecates sending it in favour of {@code /ipfs/ping/1.0.0}; it is kept for peers that only
   * speak the DHT.
   */
  public CompletableFuture<Duration> ping(PeerId peer) {
    return async(
        () -> {
          long start = System.nanoTime();
          client.request(peer, Message.newBuilder().setType(Message.MessageType.PING).build());
          return Duration.ofNanos(System.nanoTime() - start);
        });
  }

  // ---- refresh and maintenance ----

  /**
   * Refreshes the routing table now: a lookup of our own id, then of a random key in each bucket of
   * prefix length 0 up to {@link KadConfig#refreshBuckets()}, but none deeper than one past the
   * deepest bucket holding a peer.
   */
  public CompletableFuture<Void> refresh() {
    return async(
        () -> {
          refreshNow();
          return null;
        });
  }

  private void refreshNow() throws InterruptedException {
    host.connections().forEach(c -> readmit(c.remotePeer()));
    if (table.size() == 0) {
      return;
    }
    long started = System.nanoTime();
    int walks = 1;
    lookups.closest(self.toBytes());
    // Buckets deeper than any peer we know would stay empty: no walk into them.
    int buckets = Math.min(config.refreshBuckets(), table.deepestBucket() + 1);
    for (int cpl = 0; cpl < buckets && !closed; cpl++) {
      lookups.closest(randomPeerIdBytes(table.selfKey(), cpl));
      walks++;
    }
    // One line per refresh (every refresh-interval, 5 min by default): the table's progress.
    LOG.info(
        "dht refresh: {} peers in table after {} lookups in {} ms",
        table.size(),
        walks,
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The bytes of a made-up (sha2-256) peer id whose key shares exactly {@code cpl} leading bits
   * with {@code self}: what a random walk into that bucket looks up. Found by trying, about 2^(cpl
   * + 1) hashes; the randomness need not be cryptographic.
   */
  static byte[] randomPeerIdBytes(Key self, int cpl) {
    byte[] id = new byte[34];
    id[0] = 0x12;
    id[1] = 0x20;
    byte[] digest = new byte[32];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      random.nextBytes(digest);
      System.arraycopy(digest, 0, id, 2, 32);
      if (Key.of(id).commonPrefixLength(self) == cpl) {
        return id;
      }
    }
  }

  /** Refreshes at start (once a peer is known), then periodically; republishes and expires. */
  private void maintain() {
    Instant nextRepublish = Instant.now().plus(config.providerRepublishInterval());
    try {
      if (!config.startupRefresh()) {
        Thread.sleep(config.refreshInterval());
      }
      while (!closed) {
        if (table.size() == 0) {
          try {
            firstPeer.get();
          } catch (ExecutionException e) {
            return; // never completed exceptionally
          }
        }
        try {
          refreshNow();
          if (!Instant.now().isBefore(nextRepublish)) {
            nextRepublish = Instant.now().plus(config.providerRepublishInterval());
            content.republish();
          }
          content.expire();
        } catch (RuntimeException e) {
          LOG.warn("kad maintenance failed: {}", e.toString());
        }
        Thread.sleep(config.refreshInterval());
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private static <T> CompletableFuture<T> async(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(work.call());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            });
    return f;
  }
}
