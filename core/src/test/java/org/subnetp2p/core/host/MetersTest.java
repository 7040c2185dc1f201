package org.subnetp2p.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

/** The shared registry that records nothing. */
class MetersTest {
  @Test
  void theNoopRegistryKeepsNoMeterSoHostsSharingItNeverRegisterOneTwice() {
    MeterRegistry noop = Meters.noop();
    for (int host = 0; host < 3; host++) {
      Object state = new Object();
      Gauge.builder("subnet.test.gauge", state, s -> 1).register(noop);
      Counter.builder("subnet.test.counter").register(noop).increment();
    }

    assertThat(noop.getMeters()).isEmpty();
    assertThat(noop.find("subnet.test.gauge").gauge()).isNull();
  }
}
