package org.subnetp2p.bench.soak;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A bounded soak: N full nodes (task protocol, Kademlia DHT, GossipSub) in one JVM over real TCP on
 * loopback, with steady calls by peer id from random nodes to random partners of theirs, a gossip
 * message every second, DHT lookups and churn (every 30-60 s a few nodes stop and come back,
 * alternately with their identity on a new port or as new peers). Every 30 s it samples the heap
 * used after a full GC, the open file descriptors, threads and connections, and the outcome of
 * every call: ok, a typed error, or LOST (not complete by its deadline plus a slack; must stay 0).
 * One line per sample on stdout, the same as CSV under {@code --out}, a summary at the end.
 *
 * <pre>
 * java -Xmx3g -Dio.netty.eventLoopThreads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp bench/target/benchmarks.jar org.subnetp2p.bench.soak.Soak \
 *     [--nodes 100] [--duration 30m] [--calls-per-second 50] [--partners 10] [--churn-nodes 3] ...
 * </pre>
 */
public final class Soak {
  /** A node counts for gossip delivery once it has been up this long (it joins the mesh). */
  private static final long GOSSIP_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** A message has this long to reach every node before its delivery is counted. */
  private static final long GOSSIP_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(15);

  /**
   * A lookup's own bound: a node with an empty table first waits up to the DHT's bootstrap wait (10
   * s) for a peer, then looks up for at most its lookup timeout (20 s, see SoakNode).
   */
  private static final long LOOKUP_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10 + 20 + 1);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final SoakOptions options;
  private final AtomicReferenceArray<SoakNode> slots;
  private final int[] incarnations;
  private final int[][] partners;
  private final Random churnRandom;
  private final Ledger calls;
  private final Ledger lookups;
  private final Ledger publishes;
  private final GossipLedger gossip;
  private final AtomicLong churnEvents = new AtomicLong();
  private final AtomicLong restartsSameIdentity = new AtomicLong();
  private final AtomicLong restartsNewIdentity = new AtomicLong();
  private final AtomicLong joinFailures = new AtomicLong();
  private final AtomicLong callIds = new AtomicLong();
  private final List<Sample> samples = new ArrayList<>();
  private final ByteString payload = ByteString.copyFrom("soak payload", StandardCharsets.UTF_8);
  private final ScheduledExecutorService drivers =
      Executors.newScheduledThreadPool(
          2, Thread.ofPlatform().name("soak-driver-", 0).daemon().factory());
  private final ScheduledExecutorService churn =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("soak-churn").daemon().factory());
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("soak-sampler").daemon().factory());
  private List<Multiaddr> seeds = List.of();
  private Path csv;
  private long startNanos;
  private long lastExpected;
  private long lastDelivered;

  private Soak(SoakOptions options) {
    this.options = options;
    this.slots = new AtomicReferenceArray<>(options.nodes());
    this.incarnations = new int[options.nodes()];
    this.churnRandom = new Random(options.seed());
    this.partners = partners(options, new Random(options.seed() + 1));
    long slack = options.slack().toNanos();
    // In flight at most: a few seconds of calls at their rate, plenty for a healthy node.
    this.calls = new Ledger("calls", Math.max(64, options.callsPerSecond() * 20), slack);
    this.lookups = new Ledger("lookups", 64, slack);
    this.publishes = new Ledger("publishes", 64, slack);
    this.gossip = new GossipLedger(64, GOSSIP_SETTLE_NANOS);
  }

  /** Runs the soak with the command-line options; exits 0 if no call or lookup was lost. */
  public static void main(String[] args) throws Exception {
    SoakOptions options;
    try {
      options = SoakOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Soak soak = new Soak(options);
    boolean clean;
    try {
      clean = soak.run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.exit(clean ? 0 : 3);
  }

  private boolean run() throws Exception {
    Files.createDirectories(options.outDir());
    csv =
        options
            .outDir()
            .resolve(
                "soak-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())
                    + ".csv");
    Files.writeString(csv, Sample.CSV_HEADER + "\n");
    System.out.printf(
        Locale.ROOT,
        "soak: %d nodes (%d seeds), %s, %d calls/s (deadline %s + slack %s), gossip every %s,"
            + " a lookup every %s, churn of %d nodes every %s-%s, %d call partners per node; %d"
            + " cores, max heap %d MiB;"
            + " csv %s%n",
        options.nodes(),
        options.seeds(),
        options.duration(),
        options.callsPerSecond(),
        options.callTimeout(),
        options.slack(),
        options.gossipInterval(),
        options.lookupInterval(),
        options.churnNodes(),
        options.churnMin(),
        options.churnMax(),
        options.partners(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        csv);
    long setupStart = System.nanoTime();
    setUp();
    System.out.printf(
        Locale.ROOT,
        "setup: %d nodes up and joined in %.1f s (%d join failures)%n",
        options.nodes(),
        (System.nanoTime() - setupStart) / 1e9,
        joinFailures.get());

    startNanos = System.nanoTime();
    sample(); // the baseline
    long callPeriod = TimeUnit.SECONDS.toNanos(1) / options.callsPerSecond();
    drivers.scheduleAtFixedRate(guarded(this::call), 0, callPeriod, TimeUnit.NANOSECONDS);
    drivers.scheduleAtFixedRate(
        guarded(this::publish), 0, options.gossipInterval().toNanos(), TimeUnit.NANOSECONDS);
    drivers.scheduleAtFixedRate(
        guarded(this::lookup), 0, options.lookupInterval().toNanos(), TimeUnit.NANOSECONDS);
    drivers.scheduleAtFixedRate(guarded(this::sweep), 1, 1, TimeUnit.SECONDS);
    scheduleChurn();
    long sampleNanos = options.sampleInterval().toNanos();
    sampler.scheduleAtFixedRate(this::sample, sampleNanos, sampleNanos, TimeUnit.NANOSECONDS);

    TimeUnit.NANOSECONDS.sleep(options.duration().toNanos());

    // Stop the load and the churn, then give what is in flight its deadline and slack to end.
    sampler.shutdownNow();
    churn.shutdownNow();
    churn.awaitTermination(2, TimeUnit.MINUTES);
    drivers.shutdownNow();
    drivers.awaitTermination(10, TimeUnit.SECONDS);
    long drainUntil =
        System.nanoTime()
            + options.callTimeout().plus(options.slack()).toNanos()
            + LOOKUP_DEADLINE_NANOS;
    while (System.nanoTime() < drainUntil && inFlight() > 0) {
      TimeUnit.MILLISECONDS.sleep(200);
      sweep();
    }
    sweep();
    TimeUnit.NANOSECONDS.sleep(GOSSIP_SETTLE_NANOS);
    gossip.settle(currentIncarnations());
    int underLoad;
    synchronized (samples) {
      underLoad = samples.size();
    }
    sample(); // drained: no load, no churn, nothing in flight
    boolean clean = summarize(underLoad);
    closeAll();
    return clean;
  }

  /** A periodic task that an exception does not cancel (the executor would, silently). */
  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        System.err.println("soak driver failed: " + e);
        e.printStackTrace();
      }
    };
  }

  private int inFlight() {
    return calls.counts().inFlight() + lookups.counts().inFlight() + publishes.counts().inFlight();
  }

  // ---- setup and churn ----

  private void setUp() throws Exception {
    for (int i = 0; i < options.nodes(); i++) {
      slots.set(
          i,
          SoakNode.start(
              i, ++incarnations[i], Keys.generateEd25519(), options.callTimeout(), gossip));
    }
    List<Multiaddr> s = new ArrayList<>();
    for (int i = 0; i < options.seeds(); i++) {
      s.add(slots.get(i).address());
    }
    seeds = List.copyOf(s);
    // Join in waves, as the peers of a real network do: each a few Noise handshakes and a refresh.
    Semaphore wave = new Semaphore(8);
    List<CompletableFuture<Void>> joins = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      SoakNode node = slots.get(i);
      wave.acquire();
      CompletableFuture<Void> join =
          node.join(seeds).orTimeout(120, TimeUnit.SECONDS).whenComplete((x, e) -> wave.release());
      joins.add(
          join.exceptionally(
              e -> {
                joinFailures.incrementAndGet();
                System.err.println("join of node " + node.index + " failed: " + e);
                return null;
              }));
    }
    CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
    // Let GossipSub's heartbeats build the meshes before the load starts.
    TimeUnit.SECONDS.sleep(5);
  }

  private void scheduleChurn() {
    long min = options.churnMin().toMillis();
    long delay = min + (long) (churnRandom.nextDouble() * (options.churnMax().toMillis() - min));
    churn.schedule(this::churnOnce, delay, TimeUnit.MILLISECONDS);
  }

  /** Stops a few random non-seed nodes and starts them again, on new ports. */
  private void churnOnce() {
    try {
      List<Integer> chosen = new ArrayList<>();
      while (chosen.size() < options.churnNodes()) {
        int i = options.seeds() + churnRandom.nextInt(options.nodes() - options.seeds());
        if (!chosen.contains(i)) {
          chosen.add(i);
        }
      }
      List<PrivateKey> keys = new ArrayList<>();
      for (int i : chosen) {
        SoakNode old = slots.getAndSet(i, null);
        keys.add(old.key);
        old.close();
      }
      long event = churnEvents.incrementAndGet();
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (int j = 0; j < chosen.size(); j++) {
        int i = chosen.get(j);
        // Alternately the same identity on a new port (callers must find it again through the
        // DHT) and a new peer in its place.
        boolean same = (event + j) % 2 == 0;
        PrivateKey key = same ? keys.get(j) : Keys.generateEd25519();
        (same ? restartsSameIdentity : restartsNewIdentity).incrementAndGet();
        SoakNode fresh = SoakNode.start(i, ++incarnations[i], key, options.callTimeout(), gossip);
        slots.set(i, fresh);
        joins.add(fresh.join(seeds).orTimeout(60, TimeUnit.SECONDS));
      }
      for (CompletableFuture<Void> join : joins) {
        try {
          join.join();
        } catch (RuntimeException e) {
          joinFailures.incrementAndGet();
          System.err.println("rejoin failed: " + e);
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("churn failed: " + e);
      e.printStackTrace();
    } finally {
      if (!churn.isShutdown()) {
        scheduleChurn();
      }
    }
  }

  // ---- load ----

  private SoakNode randomUp(SoakNode not) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int tries = 0; tries < 32; tries++) {
      SoakNode n = slots.get(r.nextInt(slots.length()));
      if (n != null && n != not) {
        return n;
      }
    }
    return null;
  }

  /**
   * Each slot calls only its few partners (drawn at random once; a slot keeps them across
   * restarts): the connections they need are open after a few minutes, so the heap and the file
   * descriptors can level off. Calls between any pair would keep opening connections for most of a
   * 30-minute run (4,950 pairs among 100 nodes).
   */
  private static int[][] partners(SoakOptions options, Random random) {
    int n = options.nodes();
    int[][] p = new int[n][];
    for (int i = 0; i < n; i++) {
      if (options.partners() == 0) {
        p[i] = new int[0];
        continue;
      }
      java.util.LinkedHashSet<Integer> chosen = new java.util.LinkedHashSet<>();
      while (chosen.size() < options.partners()) {
        int j = random.nextInt(n);
        if (j != i) {
          chosen.add(j);
        }
      }
      p[i] = chosen.stream().mapToInt(Integer::intValue).toArray();
    }
    return p;
  }

  private void call() {
    SoakNode from = randomUp(null);
    if (from == null) {
      return;
    }
    int[] mine = partners[from.index];
    SoakNode to =
        mine.length == 0
            ? randomUp(from)
            : slots.get(mine[ThreadLocalRandom.current().nextInt(mine.length)]);
    if (to == null) {
      return; // a partner being restarted
    }
    String taskId = "soak-" + callIds.incrementAndGet();
    calls.track(
        options.callTimeout().toNanos(),
        () -> from.call(to.peerId(), taskId, payload),
        r -> r.getAccepted());
  }

  private void publish() {
    SoakNode from = randomUp(null);
    if (from == null) {
      return;
    }
    int[] expected = new int[slots.length()];
    long now = System.nanoTime();
    for (int i = 0; i < expected.length; i++) {
      SoakNode n = slots.get(i);
      if (n != null && n != from && now - n.startedNanos >= GOSSIP_WARMUP_NANOS) {
        expected[i] = n.incarnation;
      }
    }
    long seq = gossip.publish(expected);
    publishes.track(TimeUnit.SECONDS.toNanos(10), () -> from.publish(seq), x -> true);
  }

  private void lookup() {
    SoakNode from = randomUp(null);
    SoakNode to = randomUp(from);
    if (from == null || to == null) {
      return;
    }
    lookups.track(
        LOOKUP_DEADLINE_NANOS, () -> from.dht().findPeer(to.peerId()), found -> !found.isEmpty());
  }

  private void sweep() {
    calls.sweep();
    lookups.sweep();
    publishes.sweep();
    gossip.settle(currentIncarnations());
  }

  private int[] currentIncarnations() {
    int[] current = new int[slots.length()];
    for (int i = 0; i < current.length; i++) {
      SoakNode n = slots.get(i);
      current[i] = n == null ? 0 : n.incarnation;
    }
    return current;
  }

  // ---- samples and summary ----

  private void sample() {
    try {
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long fds;
      try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
        fds = s.count();
      }
      int up = 0;
      int connections = 0;
      for (int i = 0; i < slots.length(); i++) {
        SoakNode n = slots.get(i);
        if (n != null) {
          up++;
          connections += n.connections();
        }
      }
      GossipLedger.Counts g = gossip.counts();
      long dExpected = g.expected() - lastExpected;
      long dDelivered = g.delivered() - lastDelivered;
      lastExpected = g.expected();
      lastDelivered = g.delivered();
      Sample sample =
          new Sample(
              TIME.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)),
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos),
              heap,
              fds,
              ManagementFactory.getThreadMXBean().getThreadCount(),
              up,
              connections,
              calls.counts(),
              lookups.counts(),
              publishes.counts(),
              g,
              dExpected == 0 ? 1.0 : dDelivered / (double) dExpected,
              churnEvents.get());
      synchronized (samples) {
        samples.add(sample);
      }
      System.out.println(sample.line());
      if (!calls.errors().isEmpty() || !lookups.errors().isEmpty()) {
        System.out.println("  errors: calls " + calls.errors() + ", lookups " + lookups.errors());
      }
      Files.writeString(csv, sample.csv() + "\n", StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      System.err.println("sample failed: " + e);
    }
  }

  /** Prints the summary; the first {@code underLoad} samples were taken under load. */
  private boolean summarize(int underLoad) {
    List<Sample> all;
    synchronized (samples) {
      all = List.copyOf(samples);
    }
    // Start, middle, end and slopes under load, from the first loaded sample: the baseline comes
    // before any call has opened its connections.
    List<Sample> loaded = underLoad > 2 ? all.subList(1, underLoad) : all;
    Sample first = loaded.get(0);
    Sample middle = loaded.get(loaded.size() / 2);
    Sample last = loaded.get(loaded.size() - 1);
    Sample drained = all.get(all.size() - 1);
    double heapSlope = slopePerMinute(loaded, s -> s.heapUsedAfterGcBytes() / 1024.0);
    double fdSlope = slopePerMinute(loaded, s -> s.openFds());
    double threadSlope = slopePerMinute(loaded, s -> s.threads());
    // The second half: calls between random pairs open new connections until most pairs have one,
    // so the first half mixes the growth of the connection count with any leak.
    List<Sample> secondHalf = loaded.subList(loaded.size() / 2, loaded.size());
    double heapSlope2 = slopePerMinute(secondHalf, s -> s.heapUsedAfterGcBytes() / 1024.0);
    double fdSlope2 = slopePerMinute(secondHalf, s -> s.openFds());
    double connSlope2 = slopePerMinute(secondHalf, s -> s.connections());
    System.out.println();
    System.out.println("## summary");
    System.out.printf(
        Locale.ROOT,
        "under load: t=%d s / %d s / %d s; baseline before load: heap %.1f MiB, %d fds, %d threads;"
            + " drained after the run: heap %.1f MiB, %d fds, %d threads, %d connections%n",
        first.elapsedSeconds(),
        middle.elapsedSeconds(),
        last.elapsedSeconds(),
        all.get(0).heapUsedAfterGcBytes() / 1048576.0,
        all.get(0).openFds(),
        all.get(0).threads(),
        drained.heapUsedAfterGcBytes() / 1048576.0,
        drained.openFds(),
        drained.threads(),
        drained.connections());
    System.out.printf(
        Locale.ROOT,
        "heap used after GC (MiB) start/middle/end: %.1f / %.1f / %.1f; slope %+.1f KiB/min%n",
        first.heapUsedAfterGcBytes() / 1048576.0,
        middle.heapUsedAfterGcBytes() / 1048576.0,
        last.heapUsedAfterGcBytes() / 1048576.0,
        heapSlope);
    System.out.printf(
        Locale.ROOT,
        "second half (t=%d s..%d s): heap %+.1f KiB/min, fds %+.2f/min, connections %+.2f/min;"
            + " heap per connection end %.1f KiB (heap / connection ends, both sides counted)%n",
        secondHalf.get(0).elapsedSeconds(),
        last.elapsedSeconds(),
        heapSlope2,
        fdSlope2,
        connSlope2,
        last.heapUsedAfterGcBytes() / 1024.0 / Math.max(1, last.connections()));
    System.out.printf(
        Locale.ROOT,
        "open fds start/middle/end: %d / %d / %d; slope %+.2f/min%n",
        first.openFds(),
        middle.openFds(),
        last.openFds(),
        fdSlope);
    System.out.printf(
        Locale.ROOT,
        "threads start/middle/end: %d / %d / %d; slope %+.2f/min%n",
        first.threads(),
        middle.threads(),
        last.threads(),
        threadSlope);
    for (Ledger l : List.of(calls, lookups, publishes)) {
      Ledger.Counts c = l.counts();
      System.out.printf(
          Locale.ROOT,
          "%s: %d started, %d ok, %d negative, %d typed errors, %d other errors, %d LOST"
              + " (%d completed late), %d skipped (in-flight cap); errors %s%n",
          l.name(),
          c.started(),
          c.ok(),
          c.negative(),
          c.typed(),
          c.untyped(),
          c.lost(),
          c.late(),
          c.skipped(),
          l.errors());
    }
    GossipLedger.Counts g = gossip.counts();
    System.out.printf(
        Locale.ROOT,
        "gossip: %d published, %d settled, delivery %.5f (%d of %d), %d messages reached every"
            + " expected node, %d overwritten unsettled%n",
        g.published(),
        g.settled(),
        g.ratio(),
        g.delivered(),
        g.expected(),
        g.fullyDelivered(),
        g.overwritten());
    System.out.printf(
        Locale.ROOT,
        "churn: %d events, %d restarts with the same identity on a new port, %d new identities,"
            + " %d join failures%n",
        churnEvents.get(),
        restartsSameIdentity.get(),
        restartsNewIdentity.get(),
        joinFailures.get());
    System.out.println("csv: " + csv);
    return calls.counts().lost() == 0 && lookups.counts().lost() == 0;
  }

  /** Least-squares slope of {@code value} against time, per minute. */
  private static double slopePerMinute(
      List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (Sample s : samples) {
      mx += s.elapsedSeconds() / 60.0;
      my += value.applyAsDouble(s);
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      double dx = s.elapsedSeconds() / 60.0 - mx;
      sxy += dx * (value.applyAsDouble(s) - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }

  private void closeAll() throws InterruptedException {
    try (ExecutorService closer = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < slots.length(); i++) {
        SoakNode n = slots.getAndSet(i, null);
        if (n != null) {
          closer.submit(n::close);
        }
      }
      closer.shutdown();
      closer.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
