package org.subnetp2p.bench.kad;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.kademlia.LookupResult;
import org.subnetp2p.testkit.SimHost;
import org.subnetp2p.testkit.SimNetwork;
import org.subnetp2p.transport.host.HostBenchmarkAccess;

/**
 * The DHT at scale: N peers that all join through one seed and refresh their tables, then random
 * peer lookups (findPeer of a random live peer from a random live peer), then the same after a
 * share of the peers is gone. Prints success, rounds and messages per lookup.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.subnetp2p.bench.kad.KadBench \
 *     [--network sim|tcp] [--peers 1000] [--lookups 500] [--gone 0.2] [--latency-ms 0]
 *     [--request-timeout 2s] [--out FILE]
 * </pre>
 *
 * On {@code sim} (the testkit) gone peers vanish without notice: their streams go silent and dials
 * time out. On {@code tcp} (real sockets on loopback, one JVM) they close their host, so peers are
 * refused at once: loopback cannot drop packets without root.
 */
public final class KadBench {
  private final String network;
  private final int peers;
  private final int lookups;
  private final double gone;
  private final Duration latency;
  private final Duration requestTimeout;
  private final Random random = new Random(7);
  private final List<Host> hosts = new ArrayList<>();
  private final List<KadDht> dhts = new ArrayList<>();
  private SimNetwork sim;
  private EventLoopGroup group;

  private KadBench(
      String network,
      int peers,
      int lookups,
      double gone,
      Duration latency,
      Duration requestTimeout) {
    this.network = network;
    this.peers = peers;
    this.lookups = lookups;
    this.gone = gone;
    this.latency = latency;
    this.requestTimeout = requestTimeout;
  }

  /** Runs the benchmark with the command-line options. */
  public static void main(String[] args) throws Exception {
    String network = "sim";
    int peers = 1000;
    int lookups = 500;
    double gone = 0.2;
    Duration latency = Duration.ZERO;
    Duration requestTimeout = Duration.ofSeconds(2);
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--network" -> network = args[++i];
        case "--peers" -> peers = Integer.parseInt(args[++i]);
        case "--lookups" -> lookups = Integer.parseInt(args[++i]);
        case "--gone" -> gone = Double.parseDouble(args[++i]);
        case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--request-timeout" -> requestTimeout = parse(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    KadBench bench = new KadBench(network, peers, lookups, gone, latency, requestTimeout);
    String report;
    try {
      report = bench.run();
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
      return;
    } finally {
      bench.close();
    }
    System.out.println(report);
    if (out != null) {
      Files.writeString(out, report);
    }
    System.exit(0);
  }

  private static Duration parse(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    return Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
  }

  private KadConfig config() {
    return KadConfig.builder()
        .mode(KadMode.SERVER)
        .refreshInterval(Duration.ofHours(1))
        .startupRefresh(false)
        .requestTimeout(requestTimeout)
        .lookupTimeout(Duration.ofSeconds(60))
        .build();
  }

  private Host newHost() throws IOException {
    if (network.equals("sim")) {
      SimHost h = sim.newHost();
      h.start();
      return h;
    }
    HostConfig config =
        HostConfig.builder(Keys.generateEd25519())
            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
            .dialTimeout(Duration.ofSeconds(10))
            .build();
    Host h = HostBenchmarkAccess.onSharedGroup(config, group);
    h.start();
    return h;
  }

  private String run() throws Exception {
    if (network.equals("sim")) {
      sim = SimNetwork.builder().latency(latency).seed(7).build();
    } else {
      group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    }
    long start = System.nanoTime();
    for (int i = 0; i < peers; i++) {
      Host h = newHost();
      KadDht d = new KadDht(h, config());
      d.start();
      hosts.add(h);
      dhts.add(d);
    }
    Multiaddr seed = hosts.get(0).dialableAddresses().get(0);
    long joinRequests = 0;
    // Join in waves, as peers of a real network do, each refreshing its table once it is in
    // (fewer at once over TCP: each join is a Noise handshake with the seed).
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    Semaphore wave = new Semaphore(network.equals("sim") ? 32 : 8);
    List<CompletableFuture<Void>> joins = new ArrayList<>();
    for (int i = 1; i < peers; i++) {
      Host h = hosts.get(i);
      KadDht d = dhts.get(i);
      wave.acquire();
      joins.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  h.connect(seed).get(60, TimeUnit.SECONDS);
                  long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                  while (d.routingTable().isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(5);
                  }
                  d.refresh().get(300, TimeUnit.SECONDS);
                } catch (Exception e) {
                  System.err.println("join failed: " + e);
                } finally {
                  wave.release();
                }
              },
              pool));
    }
    CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(3600, TimeUnit.SECONDS);
    for (KadDht d : dhts) {
      joinRequests += d.stats().requestsSent();
    }
    Duration setup = Duration.ofNanos(System.nanoTime() - start);
    double tableMean = dhts.stream().mapToInt(d -> d.routingTable().size()).average().orElse(0);

    Phase healthy = lookups(dhts, "all peers up");
    Phase closest = closestLookups(dhts, "all up: k closest to a random key");

    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    int goneCount = (int) Math.round(peers * gone);
    List<KadDht> living = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      int index = order.get(i);
      if (i < goneCount) {
        if (hosts.get(index) instanceof SimHost s) {
          s.crash();
        } else {
          dhts.get(index).close();
          hosts.get(index).close();
        }
      } else {
        living.add(dhts.get(index));
      }
    }
    Phase degraded =
        lookups(
            living,
            String.format(
                Locale.ROOT,
                "%d%% gone %s",
                Math.round(gone * 100),
                network.equals("sim") ? "without notice" : "(hosts closed)"));

    StringBuilder r = new StringBuilder();
    r.append(
        String.format(
            Locale.ROOT,
            "## Kademlia on %s: %d peers, %d lookups per phase%n%n",
            network.equals("sim")
                ? "the testkit network (latency " + latency.toMillis() + " ms)"
                : "real TCP (loopback, one JVM)",
            peers,
            lookups));
    r.append(
        String.format(
            Locale.ROOT,
            "setup: all joined through one seed and refreshed once in %.1f s, %d requests"
                + " (%.0f per peer); mean routing table %.1f peers; request timeout %d ms;"
                + " machine: %d cores%n%n",
            setup.toMillis() / 1000.0,
            joinRequests,
            joinRequests / (double) peers,
            tableMean,
            requestTimeout.toMillis(),
            Runtime.getRuntime().availableProcessors()));
    r.append(
        "| phase | found | rounds median | rounds p99 | rounds max | messages median |"
            + " messages p99 | lookup ms median | lookup ms p99 |\n");
    r.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    r.append(healthy.row()).append(closest.row()).append(degraded.row());
    r.append(
        "\nA peer lookup ends at the first answer that names the target with addresses; rounds"
            + " is the hop of that answer (peers of our own table are hop 1). A k-closest lookup"
            + " ends when the 20 closest peers seen have all answered; rounds is its deepest"
            + " hop.\n");
    return r.toString();
  }

  /** One phase's figures. */
  private record Phase(
      String name, int tried, int found, int[] rounds, int[] messages, long[] millis) {
    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %d/%d (%.1f%%) | %d | %d | %d | %d | %d | %d | %d |%n",
          name,
          found,
          tried,
          100.0 * found / tried,
          pct(rounds, 50),
          pct(rounds, 99),
          rounds.length == 0 ? 0 : rounds[rounds.length - 1],
          pct(messages, 50),
          pct(messages, 99),
          pct(millis, 50),
          pct(millis, 99));
    }
  }

  private static int pct(int[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** {@code lookups / 5} lookups of the k peers closest to a random key, 16 at a time. */
  private Phase closestLookups(List<KadDht> among, String name) throws Exception {
    List<CompletableFuture<LookupResult>> results = new ArrayList<>();
    Semaphore inFlight = new Semaphore(16);
    int n = Math.max(1, lookups / 5);
    for (int i = 0; i < n; i++) {
      KadDht from = among.get(random.nextInt(among.size()));
      byte[] key = new byte[32];
      random.nextBytes(key);
      inFlight.acquire();
      CompletableFuture<LookupResult> r = from.lookup(key, p -> {});
      r.whenComplete((x, e) -> inFlight.release());
      results.add(r);
    }
    int complete = 0;
    List<Integer> rounds = new ArrayList<>();
    List<Integer> messages = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    for (CompletableFuture<LookupResult> f : results) {
      LookupResult r = f.get(300, TimeUnit.SECONDS);
      if (r.closest().size() == 20 && !r.timedOut()) {
        complete++;
      }
      rounds.add(r.rounds());
      messages.add(r.queried());
      millis.add(r.elapsed().toMillis());
    }
    return new Phase(
        name,
        n,
        complete,
        rounds.stream().mapToInt(Integer::intValue).sorted().toArray(),
        messages.stream().mapToInt(Integer::intValue).sorted().toArray(),
        millis.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  /** {@code lookups} peer lookups among {@code among}, 16 at a time. */
  private Phase lookups(List<KadDht> among, String name) throws Exception {
    List<CompletableFuture<LookupResult>> results = new ArrayList<>();
    Semaphore inFlight = new Semaphore(16);
    for (int i = 0; i < lookups; i++) {
      KadDht from = among.get(random.nextInt(among.size()));
      KadDht target;
      do {
        target = among.get(random.nextInt(among.size()));
      } while (target == from);
      inFlight.acquire();
      // Always the network: findPeer answers at once for the peers of our own table.
      CompletableFuture<LookupResult> r = from.lookupPeer(target.peerId(), p -> {});
      r.whenComplete((x, e) -> inFlight.release());
      results.add(r);
    }
    int found = 0;
    List<Integer> rounds = new ArrayList<>();
    List<Integer> messages = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    for (CompletableFuture<LookupResult> f : results) {
      LookupResult r = f.get(300, TimeUnit.SECONDS);
      if (r.found()) {
        found++;
        rounds.add(r.rounds());
        messages.add(r.queried());
        millis.add(r.elapsed().toMillis());
      }
    }
    return new Phase(
        name,
        lookups,
        found,
        rounds.stream().mapToInt(Integer::intValue).sorted().toArray(),
        messages.stream().mapToInt(Integer::intValue).sorted().toArray(),
        millis.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  private void close() {
    dhts.forEach(KadDht::close);
    if (sim != null) {
      sim.close();
    }
    hosts.forEach(Host::close);
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
  }
}
