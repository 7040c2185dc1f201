package org.subnetp2p.core.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;

/**
 * The project's metric conventions, shared by every module: names are dotted Micrometer names under
 * {@code subnet.} that the Prometheus registry renders in snake case ({@code subnet.protocol.calls}
 * becomes {@code subnet_protocol_calls_seconds}); labels have few values (never one per peer id).
 */
public final class Meters {
  /**
   * Upper bounds of the latency histograms' buckets, from 0.5 ms to 30 s: a fixed, small set, so a
   * scrape stays short and histograms of different nodes add up.
   */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /**
   * Shared by every host without a registry of its own. It denies every meter, so it holds none:
   * hosts cannot see each other's meters through it, and a second host registering the same meter
   * is not a duplicate (Micrometer warns about a gauge registered twice in one registry).
   */
  private static final MeterRegistry NOOP = new CompositeMeterRegistry();

  static {
    NOOP.config().meterFilter(MeterFilter.deny());
  }

  private Meters() {}

  /**
   * Upper bounds of the latency histograms' buckets, from 0.5 ms to 30 s: a fixed, small set, so a
   * scrape stays short and histograms of different nodes add up. A fresh copy.
   */
  public static Duration[] latencyBuckets() {
    return LATENCY_BUCKETS.clone();
  }

  /**
   * The registry that records nothing: a composite with no registries under it that denies every
   * meter, so what is registered in it is a no-op and is not kept. One instance for all, so configs
   * built with the defaults are equal; give a host a registry of its own to record.
   */
  public static MeterRegistry noop() {
    return NOOP;
  }
}
