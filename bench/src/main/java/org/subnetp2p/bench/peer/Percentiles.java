package org.subnetp2p.bench.peer;

import java.util.Arrays;

/** Nearest-rank percentiles of latencies, as the js peer computes them. */
final class Percentiles {
  private Percentiles() {}

  /** The {@code p}-th percentile of {@code sortedNanos} in milliseconds, or NaN if empty. */
  static double ms(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    index = Math.max(0, Math.min(sortedNanos.length - 1, index));
    return round3(sortedNanos[index] / 1e6);
  }

  static long[] sorted(long[] nanos) {
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return copy;
  }

  static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
