package org.subnetp2p.bench.gossipsub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.gossipsub.GossipSub;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.GossipSubStats;
import org.subnetp2p.gossipsub.MessageIdFunction;
import org.subnetp2p.gossipsub.SignaturePolicy;
import org.subnetp2p.testkit.SimNetwork;
import org.subnetp2p.transport.host.NettyHost;

/**
 * GossipSub at scale in one JVM: N peers on the in-memory testkit network (or on real TCP), each
 * dialling a few random others, all subscribed to one topic; honest peers publish messages one
 * after another and every peer records when each arrives. Optionally a share of the peers attack
 * (invalid signatures, or gossip spam) from the start of the publishing. Prints one markdown table
 * row of figures and appends it to {@code --out}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.subnetp2p.bench.gossipsub.Simulation
 *     [--peers 100] [--transport sim|tcp] [--messages 50] [--dial 8] [--heartbeat 1s]
 *     [--latency 10ms] [--interval 100ms] [--size 256] [--attackers 0.1] [--attack invalid|spam]
 *     [--attack-period 200ms] [--sign true|false] [--seed 1] [--out bench/target/gossipsub.md]
 * </pre>
 */
public final class Simulation {
  private static final String TOPIC = "sim";
  private static final int HEADER = 24;

  private final int peers;
  private final boolean tcp;
  private final int messages;
  private final int dial;
  private final Duration heartbeat;
  private final Duration latency;
  private final Duration interval;
  private final int size;
  private final double attackerShare;
  private final Attacker.Kind attack;
  private final long seed;
  private final Path out;
  private final boolean sign;
  private final Duration attackPeriod;

  private final List<Host> hosts = new ArrayList<>();
  private final List<GossipSub> pubsubs = new ArrayList<>();
  private final List<PrivateKey> keys = new ArrayList<>();
  private final Set<Integer> attackers = new HashSet<>();

  /** Per peer: arrival latency in nanoseconds by message index (-1: not yet). */
  private long[][] arrivals;

  /** Who published each message. */
  private int[] publishers;

  private Simulation(String[] args) {
    int peers = 100;
    boolean tcp = false;
    int messages = 50;
    int dial = 8;
    Duration heartbeat = Duration.ofSeconds(1);
    Duration latency = Duration.ofMillis(10);
    Duration interval = Duration.ofMillis(100);
    int size = 256;
    double attackerShare = 0;
    Attacker.Kind attack = Attacker.Kind.INVALID;
    long seed = 1;
    Path out = Path.of("bench/target/gossipsub.md");
    boolean sign = true;
    Duration attackPeriod = Duration.ofMillis(200);
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--peers" -> peers = Integer.parseInt(v);
        case "--transport" -> tcp = v.equals("tcp");
        case "--messages" -> messages = Integer.parseInt(v);
        case "--dial" -> dial = Integer.parseInt(v);
        case "--heartbeat" -> heartbeat = duration(v);
        case "--latency" -> latency = duration(v);
        case "--interval" -> interval = duration(v);
        case "--size" -> size = Integer.parseInt(v);
        case "--attackers" -> attackerShare = Double.parseDouble(v);
        case "--attack" -> attack = Attacker.Kind.valueOf(v.toUpperCase(Locale.ROOT));
        case "--seed" -> seed = Long.parseLong(v);
        case "--out" -> out = Path.of(v);
        case "--sign" -> sign = Boolean.parseBoolean(v);
        case "--attack-period" -> attackPeriod = duration(v);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
      i++;
    }
    this.peers = peers;
    this.tcp = tcp;
    this.messages = messages;
    this.dial = dial;
    this.heartbeat = heartbeat;
    this.latency = latency;
    this.interval = interval;
    this.size = Math.max(size, HEADER);
    this.attackerShare = attackerShare;
    this.attack = attack;
    this.seed = seed;
    this.out = out;
    this.sign = sign;
    this.attackPeriod = attackPeriod;
  }

  private static Duration duration(String v) {
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
  }

  public static void main(String[] args) throws Exception {
    new Simulation(args).run();
    System.exit(0);
  }

  private GossipSubConfig config() {
    GossipSubConfig.Builder b =
        GossipSubConfig.builder()
            .heartbeatInterval(heartbeat)
            .heartbeatInitialDelay(heartbeat.dividedBy(4));
    if (!sign) {
      // Propagation without the cost of Ed25519 (which dominates CPU with 1000 peers on 2 cores).
      b.signaturePolicy(SignaturePolicy.STRICT_NO_SIGN)
          .messageIdFunction(MessageIdFunction.contentHash());
    }
    return b.build();
  }

  private void run() throws Exception {
    Random random = new Random(seed);
    SimNetwork net =
        tcp
            ? null
            : SimNetwork.builder().latency(latency).jitter(latency.dividedBy(2)).seed(seed).build();
    long t0 = System.nanoTime();
    GossipSubConfig config = config();
    for (int i = 0; i < peers; i++) {
      PrivateKey key = Keys.generateEd25519();
      Host host =
          tcp
              ? new NettyHost(
                  HostConfig.builder(key)
                      .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                      .maxConnections(4096)
                      .build())
              : net.newHost(key);
      keys.add(key);
      hosts.add(host);
      pubsubs.add(GossipSub.create(host, key, config));
      host.start();
    }
    int attackerCount = (int) Math.round(peers * attackerShare);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    attackers.addAll(order.subList(0, attackerCount));
    List<Integer> honest = order.subList(attackerCount, peers);

    arrivals = new long[peers][messages];
    publishers = new int[messages];
    for (long[] a : arrivals) {
      Arrays.fill(a, -1);
    }
    for (int i = 0; i < peers; i++) {
      int me = i;
      pubsubs.get(i).subscribe(TOPIC, m -> record(me, m.data()));
    }
    // Topology: each peer dials `dial` random others.
    List<java.util.concurrent.CompletableFuture<?>> dials = new ArrayList<>();
    for (int i = 0; i < peers; i++) {
      Set<Integer> targets = new HashSet<>();
      while (targets.size() < Math.min(dial, peers - 1)) {
        int t = random.nextInt(peers);
        if (t != i) {
          targets.add(t);
        }
      }
      for (int t : targets) {
        dials.add(hosts.get(i).connect(hosts.get(t).dialableAddresses().get(0)));
      }
    }
    for (var d : dials) {
      try {
        d.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        // counted below through the mesh sizes
      }
    }
    long setupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    log("%d peers up and connected in %d ms", peers, setupMs);
    awaitMeshes(honest, config.dLow(), Duration.ofMinutes(5));

    Totals before = totals(honest);
    long bytesBefore = bytes(honest);
    List<Attacker> running = new ArrayList<>();
    for (int a : attackers) {
      // The attacker drops its honest router, whose streams would otherwise replace its attack.
      pubsubs.get(a).close();
      Attacker attacker = new Attacker(hosts.get(a), keys.get(a), attack, TOPIC, seed * 1000 + a);
      attacker.start(attackPeriod);
      running.add(attacker);
    }
    long attackStart = System.nanoTime();

    // Publishing: honest peers in turn, one message every `interval`.
    long cpuBefore = cpuNanos();
    long publishStart = System.nanoTime();
    for (int m = 0; m < messages; m++) {
      int publisher = honest.get(random.nextInt(honest.size()));
      ByteBuffer data = ByteBuffer.allocate(size);
      data.putLong(publisher).putLong(m).putLong(System.nanoTime());
      publishers[m] = publisher;
      pubsubs.get(publisher).publish(TOPIC, data.array());
      Thread.sleep(interval.toMillis());
    }
    long graylistNanos = -1;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (graylistNanos < 0 && !attackers.isEmpty() && allGraylisted(honest, running)) {
        graylistNanos = System.nanoTime() - attackStart;
      }
      if (allDelivered(honest) && (attackers.isEmpty() || graylistNanos >= 0)) {
        break;
      }
      Thread.sleep(100);
    }
    long elapsed = System.nanoTime() - publishStart;
    if (!attackers.isEmpty()) {
      sampleAttackerScore(honest);
    }
    cpuPerPeerPerSecondMs = (cpuNanos() - cpuBefore) / 1e6 / peers / (elapsed / 1e9);
    running.forEach(Attacker::stop);
    Totals delta = totals(honest).minus(before);
    long bytesAfter = bytes(honest);
    report(honest, delta, bytesAfter - bytesBefore, elapsed, graylistNanos);
    for (GossipSub p : pubsubs) {
      p.close(); // idempotent for the attackers'
    }
    for (Host h : hosts) {
      h.close();
    }
    if (net != null) {
      net.close();
    }
  }

  /** CPU time of the whole simulation while publishing, per peer and second of wall time. */
  private double cpuPerPeerPerSecondMs;

  /** Logs how one honest peer scores one attacker, to show which counters graylisted it. */
  private void sampleAttackerScore(List<Integer> honest) {
    for (int a : attackers) {
      PeerId attacker = hosts.get(a).peerId();
      for (int h : honest) {
        for (var score : patiently(() -> pubsubs.get(h).scores())) {
          if (score.peer().equals(attacker)) {
            log("an attacker as an honest peer scores it: %s", score);
            return;
          }
        }
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private final ConcurrentHashMap<String, Boolean> unexpected = new ConcurrentHashMap<>();

  private void record(int me, byte[] data) {
    long now = System.nanoTime();
    if (data.length < HEADER) {
      unexpected.put("short message at " + me, true);
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    b.getLong();
    int m = (int) b.getLong();
    long at = b.getLong();
    if (m < 0 || m >= messages) {
      unexpected.put("unknown message at " + me, true);
      return;
    }
    synchronized (arrivals[me]) {
      if (arrivals[me][m] >= 0) {
        unexpected.put("delivered twice at " + me, true);
      } else {
        arrivals[me][m] = now - at;
      }
    }
  }

  private void awaitMeshes(List<Integer> honest, int dLow, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      long ready =
          honest.stream().filter(i -> pubsubs.get(i).meshPeers(TOPIC).size() >= dLow).count();
      if (ready >= honest.size() * 0.95) {
        log("meshes formed: %d of %d honest peers have >= D_low mesh peers", ready, honest.size());
        return;
      }
      Thread.sleep(200);
    }
    log("meshes did not all form within %s; going on", limit);
  }

  private boolean allDelivered(List<Integer> honest) {
    for (int i : honest) {
      synchronized (arrivals[i]) {
        for (int m = 0; m < messages; m++) {
          if (arrivals[i][m] < 0 && publishers[m] != i) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Attacker-neighbour pairs seen with the attacker below the graylist threshold so far. */
  private final Set<String> graylistedPairs = new HashSet<>();

  /**
   * Whether every honest neighbour of every attacker has graylisted it at least once (a score
   * decays while its RPCs are ignored, so it may climb back above the threshold for a moment until
   * the attacker's next offence).
   */
  private boolean allGraylisted(List<Integer> honest, List<Attacker> running) {
    double graylist = config().score().graylistThreshold();
    boolean all = true;
    for (Attacker attacker : running) {
      PeerId a = attacker.peerId();
      for (int h : honest) {
        String pair = a + "/" + h;
        if (graylistedPairs.contains(pair) || !attacker.victims().contains(hosts.get(h).peerId())) {
          continue;
        }
        try {
          if (pubsubs.get(h).score(a) < graylist) {
            graylistedPairs.add(pair);
            continue;
          }
        } catch (IllegalStateException e) {
          // too busy to answer: ask again later
        }
        all = false;
      }
    }
    return all;
  }

  /** The honest peers' counters that the report needs, summed. */
  private record Totals(
      long received, long duplicates, long rejected, long graylisted, long brokenPromises) {
    Totals minus(Totals o) {
      return new Totals(
          received - o.received,
          duplicates - o.duplicates,
          rejected - o.rejected,
          graylisted - o.graylisted,
          brokenPromises - o.brokenPromises);
    }
  }

  private Totals totals(List<Integer> honest) {
    long received = 0;
    long duplicates = 0;
    long rejected = 0;
    long graylisted = 0;
    long broken = 0;
    for (int i : honest) {
      GossipSubStats s = patiently(() -> pubsubs.get(i).stats());
      received += s.messagesReceived();
      duplicates += s.duplicates();
      rejected += s.rejected();
      graylisted += s.graylistedRpcs();
      broken += s.brokenPromises();
    }
    return new Totals(received, duplicates, rejected, graylisted, broken);
  }

  /**
   * Asks a router, again while it is too busy to answer (a thousand of them on two cores may be),
   * for at most five minutes.
   */
  private static <T> T patiently(java.util.function.Supplier<T> query) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      try {
        return query.get();
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  private long bytes(List<Integer> honest) {
    long b = 0;
    for (int i : honest) {
      b += pubsubs.get(i).bytesSent();
    }
    return b;
  }

  private void report(
      List<Integer> honest, Totals delta, long bytes, long elapsedNanos, long graylistNanos)
      throws IOException {
    List<Long> latencies = new ArrayList<>();
    long expected = 0;
    long delivered = 0;
    for (int i : honest) {
      for (int m = 0; m < messages; m++) {
        if (publishers[m] == i) {
          continue;
        }
        expected++;
        if (arrivals[i][m] >= 0) {
          delivered++;
          latencies.add(arrivals[i][m]);
        }
      }
    }
    latencies.sort(null);
    double p50 = ms(latencies, 0.50);
    double p99 = ms(latencies, 0.99);
    double max = latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1) / 1e6;
    double hb = heartbeat.toMillis();
    long duplicates = delta.duplicates();
    double dupPerMsgPerPeer = (double) duplicates / ((double) messages * honest.size());
    double kibPerPeer = bytes / 1024.0 / honest.size();
    double kibPerPeerPerSec = kibPerPeer / (elapsedNanos / 1e9);
    String attackText =
        attackers.isEmpty()
            ? "none"
            : attackers.size()
                + " "
                + attack.name().toLowerCase(Locale.ROOT)
                + " every "
                + attackPeriod.toMillis()
                + " ms"
                + (graylistNanos >= 0
                    ? String.format(Locale.ROOT, ", all graylisted in %.1f s", graylistNanos / 1e9)
                    : ", NOT all graylisted in 3 min");
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %d | %s | %d × %d B | %.2f%% | %.0f / %.0f ms (%.2f / %.2f hb) | %.0f ms | %.2f"
                + " | %.1f KiB (%.1f KiB/s) | %.2f ms | %s |",
            (tcp ? "TCP" : "testkit " + latency.toMillis() + " ms") + (sign ? "" : ", unsigned"),
            peers,
            heartbeat.toMillis() + " ms",
            messages,
            size,
            100.0 * delivered / expected,
            p50,
            p99,
            p50 / hb,
            p99 / hb,
            max,
            dupPerMsgPerPeer,
            kibPerPeer,
            kibPerPeerPerSec,
            cpuPerPeerPerSecondMs,
            attackText);
    log("%s", row);
    if (!unexpected.isEmpty()) {
      log("UNEXPECTED: %s", unexpected.keySet());
    }
    log(
        "honest totals: received %d, duplicates %d, rejected %d, graylisted RPCs %d, broken"
            + " promises %d",
        delta.received(), duplicates, delta.rejected(), delta.graylisted(), delta.brokenPromises());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(
        out, row + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static double ms(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(rank, sorted.size() - 1))) / 1e6;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[sim] " + format + "%n", args);
  }
}
