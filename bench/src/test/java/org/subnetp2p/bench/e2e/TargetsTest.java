package org.subnetp2p.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetsTest {
  @Test
  void ratiosAreTakenOfMediansAndUnmeasuredTargetsSayNothing() {
    Results r = new Results();
    String c64 = new ReqRespScenario(64, 64).name();
    for (double v : List.of(30_000.0, 20_000.0, 25_000.0)) {
      r.add(c64, "throughput", "Java→Java", "ops/s", v);
    }
    for (double v : List.of(2_000.0, 3_000.0, 2_500.0)) {
      r.add(c64, "throughput", "js→js", "ops/s", v);
    }
    r.add(IdleMemoryScenario.NAME, "heap per connection", "Java→Java", "KiB", 60);

    List<Targets.Target> targets = Targets.evaluate(r);

    assertThat(targets.get(0).holds()).contains(true); // 25,000 / 2,500 = 10
    assertThat(targets.get(0).measured()).startsWith("10.00×");
    assertThat(targets.get(1).holds()).isEqualTo(Optional.empty()); // p50 not measured
    assertThat(targets.get(targets.size() - 1).holds()).contains(false); // 60 KiB > 50
  }
}
