package org.subnetp2p.core.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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

  /** Shared: it records nothing, so hosts cannot see each other's meters through it. */
  private static final MeterRegistry NOOP = new CompositeMeterRegistry();

  private Meters() {}

  /**
   * Upper bounds of the latency histograms' buckets, from 0.5 ms to 30 s: a fixed, small set, so a
   * scrape stays short and histograms of different nodes add up. A fresh copy.
   */
  public static Duration[] latencyBuckets() {
    return LATENCY_BUCKETS.clone();
  }

  /**
   * The registry that records nothing: a composite with no registries under it, whose meters are
   * no-ops (Micrometer's documented no-op set-up). One instance for all, so configs built with the
   * defaults are equal; give a host a registry of its own to record.
   */
  public static MeterRegistry noop() {
    return NOOP;
  }
}
