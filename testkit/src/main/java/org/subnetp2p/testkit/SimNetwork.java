package org.subnetp2p.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A simulated network of {@link SimHost}s: see the package documentation for what it models.
 *
 * <pre>{@code
 * try (SimNetwork net = SimNetwork.builder().latency(Duration.ofMillis(20)).loss(0.01).build()) {
 *   SimHost a = net.newHost();
 *   SimHost b = net.newHost();
 *   a.start();
 *   b.start();
 *   new MyProtocol(a); // unchanged protocol code
 *   a.connect(b.dialableAddresses().get(0)).get();
 * }
 * }</pre>
 *
 * Each host gets its own IPv4 address in {@code 10.0.0.0/8}, port {@value #LISTEN_PORT}.
 */
public final class SimNetwork implements AutoCloseable {
  /** The TCP port every simulated host listens on. */
  public static final int LISTEN_PORT = 4001;

  private final long latencyNanos;
  private final long jitterNanos;
  private final double loss;
  private final int streamBuffer;
  private final Random random;
  private final SimStats.Counters counters = new SimStats.Counters();
  private final Map<PeerId, SimHost> hosts = new ConcurrentHashMap<>();
  private final Map<Multiaddr, SimHost> listening = new ConcurrentHashMap<>();
  private final Map<PeerId, Integer> groups = new ConcurrentHashMap<>();
  private final AtomicInteger nextIp = new AtomicInteger(1);
  private final AtomicInteger nextEphemeralPort = new AtomicInteger(40000);
  private final ScheduledExecutorService timer;
  private final Object connecting = new Object();

  private SimNetwork(Builder b) {
    this.latencyNanos = b.latency.toNanos();
    this.jitterNanos = b.jitter.toNanos();
    this.loss = b.loss;
    this.streamBuffer = b.streamBuffer;
    this.random = new Random(b.seed);
    // One timer thread for every delay; what it fires runs on virtual threads.
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sim-network-timer").daemon().factory());
  }

  /** A network without latency or loss. */
  public static SimNetwork create() {
    return builder().build();
  }

  /** A builder; every setting is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link SimNetwork}. */
  public static final class Builder {
    private Duration latency = Duration.ZERO;
    private Duration jitter = Duration.ZERO;
    private double loss;
    private int streamBuffer = 256 * 1024;
    private long seed = 1;

    private Builder() {}

    /** One-way delay of every chunk, stream end, and half of each dial or negotiation. */
    public Builder latency(Duration latency) {
      this.latency = requireNotNegative(latency, "latency");
      return this;
    }

    /** A random extra delay in {@code [0, jitter)} per chunk; a stream is never reordered. */
    public Builder jitter(Duration jitter) {
      this.jitter = requireNotNegative(jitter, "jitter");
      return this;
    }

    /** The probability in {@code [0, 1]} that a stream is lost as a whole. */
    public Builder loss(double probability) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("loss must be within [0, 1], was " + probability);
      }
      this.loss = probability;
      return this;
    }

    /** Bytes buffered per stream direction before a writer waits (default 256 KiB). */
    public Builder streamBuffer(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("streamBuffer must be positive");
      }
      this.streamBuffer = bytes;
      return this;
    }

    /** Seed of the randomness behind loss and jitter, for repeatable runs. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The network. */
    public SimNetwork build() {
      return new SimNetwork(this);
    }

    private static Duration requireNotNegative(Duration d, String name) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }

  /** A new host with a fresh Ed25519 identity that listens once started. */
  public SimHost newHost() {
    return newHost(Keys.generateEd25519());
  }

  /** A new host with identity {@code key} that listens once started. */
  public SimHost newHost(PrivateKey key) {
    return newHost(HostConfig.builder(key).listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0")).build());
  }

  /**
   * A new host built from {@code config}: its identity, gater, timeouts and stream limit apply. Its
   * listen addresses only say whether it listens: a non-empty list gets the host's one simulated
   * address, an empty list makes a host that only dials.
   */
  public SimHost newHost(HostConfig config) {
    int n = nextIp.getAndIncrement();
    String ip = "10." + ((n >> 16) & 0xFF) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
    SimHost host =
        new SimHost(this, config, Multiaddr.parse("/ip4/" + ip + "/tcp/" + LISTEN_PORT), ip);
    hosts.put(host.peerId(), host);
    return host;
  }

  /** The hosts neither closed nor crashed. */
  public List<SimHost> hosts() {
    return List.copyOf(hosts.values());
  }

  /** The live host with id {@code peer}. */
  public Optional<SimHost> host(PeerId peer) {
    return Optional.ofNullable(hosts.get(peer));
  }

  /**
   * Splits the network: the hosts of each group reach each other, but no host of another group;
   * hosts in no group form one more group. Replaces any earlier partition.
   */
  @SafeVarargs
  public final void partition(Collection<? extends Host>... groupsOfHosts) {
    groups.clear();
    for (int g = 0; g < groupsOfHosts.length; g++) {
      for (Host h : groupsOfHosts[g]) {
        groups.put(h.peerId(), g + 1);
      }
    }
  }

  /** Ends any partition: every live host reaches every other again. */
  public void heal() {
    groups.clear();
  }

  /** Whether {@code a} can reach {@code b} now: both alive, and not split by a partition. */
  public boolean reachable(Host a, Host b) {
    return hosts.containsKey(a.peerId())
        && hosts.containsKey(b.peerId())
        && Objects.equals(groups.get(a.peerId()), groups.get(b.peerId()));
  }

  /** What crossed the network so far. */
  public SimStats stats() {
    return counters.snapshot();
  }

  /** Closes every host, then stops the timer. */
  @Override
  public void close() {
    hosts.values().forEach(SimHost::close);
    timer.shutdownNow();
  }

  // ---- for the hosts, connections and streams ----

  SimStats.Counters counters() {
    return counters;
  }

  Object connectingLock() {
    return connecting;
  }

  SimPipe newPipe() {
    return new SimPipe(streamBuffer, this::oneWayDelayNanos, counters);
  }

  long oneWayDelayNanos() {
    if (jitterNanos == 0) {
      return latencyNanos;
    }
    synchronized (random) {
      return latencyNanos + (long) (random.nextDouble() * jitterNanos);
    }
  }

  long roundTripNanos() {
    return 2 * latencyNanos;
  }

  /** Whether the next stream is lost. */
  boolean lose() {
    if (loss == 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < loss;
    }
  }

  int ephemeralPort() {
    return nextEphemeralPort.getAndUpdate(p -> p >= 65535 ? 40000 : p + 1);
  }

  /** Runs {@code task} on a virtual thread after {@code nanos}; at once, here, if not positive. */
  void after(long nanos, Runnable task) {
    if (nanos <= 0) {
      task.run();
      return;
    }
    try {
      timer.schedule(() -> Thread.ofVirtual().start(task), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the network is closed: nothing is delivered any more
    }
  }

  void listening(SimHost host) {
    listening.put(host.address(), host);
  }

  /**
   * The host listening on {@code address}, if any; a crashed host still holds its address, where
   * dials go unanswered.
   */
  SimHost hostAt(Multiaddr address) {
    return listening.get(address);
  }

  /** {@code host} left: a closed host frees its address, a crashed one leaves it unanswered. */
  void removed(SimHost host, boolean crashed) {
    hosts.remove(host.peerId(), host);
    if (!crashed) {
      listening.remove(host.address(), host);
    }
  }
}
