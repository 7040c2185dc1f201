package org.subnetp2p.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The project's performance targets, checked against one run's medians. */
final class Targets {
  /** One target: what is required, the measured ratio or value, and whether it holds. */
  record Target(String requirement, String measured, Optional<Boolean> holds) {}

  private static final String JJ = "Java→Java";
  private static final String JS = "js→js";

  private Targets() {}

  static List<Target> evaluate(Results r) {
    List<Target> out = new ArrayList<>();
    String c64 = new ReqRespScenario(64, 64).name();
    String c1 = new ReqRespScenario(64, 1).name();
    out.add(
        atLeast(
            "req/resp 64 B, 64 in flight: Java→Java ops/s ≥ 10× js→js",
            median(r, c64, "throughput", JJ),
            median(r, c64, "throughput", JS),
            10));
    out.add(
        atLeast(
            "req/resp 64 B, 1 in flight: Java→Java p50 ≤ 1/5 of js→js",
            median(r, c1, "p50", JS),
            median(r, c1, "p50", JJ),
            5));
    for (String direction : List.of("upload", "download")) {
      out.add(
          atLeast(
              "perf " + direction + ": Java→Java ≥ 5× js→js",
              median(r, PerfScenario.NAME, direction, JJ),
              median(r, PerfScenario.NAME, direction, JS),
              5));
      out.add(
          atLeast(
              "perf " + direction + ": Java→Java ≥ ½ of iperf3 loopback",
              median(r, PerfScenario.NAME, direction, JJ),
              median(r, IperfScenario.NAME, "throughput", ""),
              0.5));
    }
    out.add(
        atLeast(
            "connection set-up: Java→Java ≥ 5× js→js",
            median(r, ConnSetupScenario.NAME, "rate", JJ),
            median(r, ConnSetupScenario.NAME, "rate", JS),
            5));
    String shipped = ShippedNodeScenario.name(64);
    out.add(
        atLeast(
            "subnet-node run as shipped, 64 in flight: js→subnet-node ops/s ≥ js→js",
            median(r, shipped, "throughput", ShippedNodeScenario.NODE),
            median(r, shipped, "throughput", ShippedNodeScenario.JS),
            1));
    double heap = median(r, IdleMemoryScenario.NAME, "heap per connection", JJ);
    out.add(
        new Target(
            "idle connections: Java server heap ≤ 50 KiB per connection",
            Double.isNaN(heap) ? "not measured" : Report.number(heap) + " KiB",
            Double.isNaN(heap) ? Optional.empty() : Optional.of(heap <= 50)));
    return out;
  }

  /** Holds when {@code numerator / denominator >= ratio}. */
  private static Target atLeast(
      String requirement, double numerator, double denominator, double ratio) {
    if (Double.isNaN(numerator) || Double.isNaN(denominator) || denominator == 0) {
      return new Target(requirement, "not measured", Optional.empty());
    }
    double measured = numerator / denominator;
    return new Target(
        requirement,
        String.format(Locale.ROOT, "%.2f× (needs %s×)", measured, Report.number(ratio)),
        Optional.of(measured >= ratio));
  }

  private static double median(Results r, String scenario, String metric, String pair) {
    return r.figure(scenario, metric, pair).map(f -> f.stats().median()).orElse(Double.NaN);
  }
}
