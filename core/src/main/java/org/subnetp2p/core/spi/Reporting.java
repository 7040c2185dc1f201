package org.subnetp2p.core.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Implemented by a provider's product (a discovery, a gater) that has something to tell operators:
 * its state in a few fields for the admin endpoint, and counters for {@code /metrics}. The node
 * finds it with {@code instanceof}.
 */
public interface Reporting {

  /**
   * A few facts about the current state, e.g. {@code state=following}, {@code lastError=...};
   * values are short strings, numbers or booleans. Read from any thread; never blocks.
   */
  Map<String, Object> status();

  /** The counters, each a monotonic total since start. Read from any thread; never blocks. */
  List<Counter> counters();

  /**
   * One counter sample.
   *
   * @param name a Prometheus metric name without the node's prefix, ending in {@code _total}, e.g.
   *     {@code gater_answers_total}
   * @param help one line saying what it counts
   * @param labels label names and values, e.g. {@code decision=refused}
   * @param value the total
   */
  record Counter(String name, String help, Map<String, String> labels, long value) {
    /** Copies the labels. */
    public Counter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(help, "help");
      labels = Map.copyOf(labels);
    }
  }
}
