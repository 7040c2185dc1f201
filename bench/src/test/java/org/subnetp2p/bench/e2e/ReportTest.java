package org.subnetp2p.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void everyTableHasOneRowPerFigureWithMedianAndRange() {
    Results r = new Results();
    String c1 = new ReqRespScenario(64, 1).name();
    for (double v : List.of(1.5, 1.0, 2.0)) {
      r.add(c1, "p50", "Java→Java", "ms", v);
    }
    r.add(c1, "p50", "js→js", "ms", 4.0);
    r.add(IperfScenario.NAME, "throughput", "", "MiB/s", 1234.5);
    r.add(ShippedNodeScenario.name(64), "throughput", ShippedNodeScenario.NODE, "ops/s", 900);
    r.add(ShippedNodeScenario.name(64), "throughput", ShippedNodeScenario.JS, "ops/s", 300);
    r.add(IdleMemoryScenario.NAME, "heap per connection", "Java→Java", "KiB", 12.25);
    r.load(c1, 1, "1.00 2.00 3.00");
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("cores", "2");

    List<String> lines = Report.markdown(r, machine, "bench/run.sh").lines().toList();

    assertThat(lines)
        .contains(
            "| " + c1 + " | p50 (ms) | 1.50 (1.00–2.00) | 4.00 | – | – | 0.38 |",
            "| iperf3 loopback (ceiling) | throughput (MiB/s) | 1,235 | | | | |",
            "| " + ShippedNodeScenario.name(64) + " | throughput (ops/s) | 900 | 300 | 3.00 |",
            "| Java→Java | heap per connection (KiB) | 12.3 |",
            "| req/resp 64 B, 1 in flight: Java→Java p50 ≤ 1/5 of js→js | 2.67× (needs 5.00×) | **no** |",
            "| cores | 2 |",
            "- round 1, " + c1 + ": 1.00 2.00 3.00");
  }
}
