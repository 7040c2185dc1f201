package org.subnetp2p.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
    assertThat(Stats.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stats(2.0, 1.0, 3.0, 3));
  }

  @Test
  void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
    assertThat(Stats.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
  }

  @Test
  void failedRunsDoNotCount() {
    assertThat(Stats.of(List.of(Double.NaN, 5.0))).isEqualTo(new Stats(5.0, 5.0, 5.0, 1));
    assertThat(Stats.of(List.of(Double.NaN)).runs()).isZero();
  }
}
