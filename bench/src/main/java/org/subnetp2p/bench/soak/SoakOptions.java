package org.subnetp2p.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** The soak's command-line options, with their defaults. */
record SoakOptions(
    int nodes,
    int seeds,
    Duration duration,
    int callsPerSecond,
    Duration callTimeout,
    Duration slack,
    Duration gossipInterval,
    Duration lookupInterval,
    Duration churnMin,
    Duration churnMax,
    int churnNodes,
    int partners,
    Duration sampleInterval,
    long seed,
    Path outDir) {

  static final String USAGE =
      "Soak [--nodes 100] [--seeds 3] [--duration 30m] [--calls-per-second 50]"
          + " [--call-timeout 10s] [--slack 10s] [--gossip-interval 1s] [--lookup-interval 2s]"
          + " [--churn-min 30s] [--churn-max 60s] [--churn-nodes 3] [--partners 10] [--sample 30s] [--seed 1]"
          + " [--out bench/results/soak]";

  static SoakOptions parse(String[] args) {
    int nodes = 100;
    int seeds = 3;
    Duration duration = Duration.ofMinutes(30);
    int callsPerSecond = 50;
    Duration callTimeout = Duration.ofSeconds(10);
    Duration slack = Duration.ofSeconds(10);
    Duration gossipInterval = Duration.ofSeconds(1);
    Duration lookupInterval = Duration.ofSeconds(2);
    Duration churnMin = Duration.ofSeconds(30);
    Duration churnMax = Duration.ofSeconds(60);
    int churnNodes = 3;
    int partners = 10;
    Duration sample = Duration.ofSeconds(30);
    long seed = 1;
    Path out = Path.of("bench/results/soak");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value; usage: " + USAGE);
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--nodes" -> nodes = Integer.parseInt(v);
        case "--seeds" -> seeds = Integer.parseInt(v);
        case "--duration" -> duration = duration(v);
        case "--calls-per-second" -> callsPerSecond = Integer.parseInt(v);
        case "--call-timeout" -> callTimeout = duration(v);
        case "--slack" -> slack = duration(v);
        case "--gossip-interval" -> gossipInterval = duration(v);
        case "--lookup-interval" -> lookupInterval = duration(v);
        case "--churn-min" -> churnMin = duration(v);
        case "--churn-max" -> churnMax = duration(v);
        case "--churn-nodes" -> churnNodes = Integer.parseInt(v);
        case "--partners" -> partners = Integer.parseInt(v);
        case "--sample" -> sample = duration(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--out" -> out = Path.of(v);
        default ->
            throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
      }
    }
    if (partners < 0 || partners >= nodes) {
      throw new IllegalArgumentException("--partners must be 0 (any node) or below --nodes");
    }
    if (seeds < 1 || nodes < seeds + churnNodes + 2 || callsPerSecond < 1) {
      throw new IllegalArgumentException(
          "need --seeds >= 1, --nodes >= seeds + churn-nodes + 2, --calls-per-second >= 1");
    }
    if (churnMax.compareTo(churnMin) < 0) {
      throw new IllegalArgumentException("--churn-max must not be below --churn-min");
    }
    return new SoakOptions(
        nodes,
        seeds,
        duration,
        callsPerSecond,
        callTimeout,
        slack,
        gossipInterval,
        lookupInterval,
        churnMin,
        churnMax,
        churnNodes,
        partners,
        sample,
        seed,
        out);
  }

  /** {@code 250ms}, {@code 30s}, {@code 30m} or {@code 1h}. */
  static Duration duration(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + v);
    };
  }
}
