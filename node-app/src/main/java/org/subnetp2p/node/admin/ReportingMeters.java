package org.subnetp2p.node.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.spi.Reporting;

/**
 * The providers' {@link Reporting#counters() counters} as Micrometer function counters, labelled
 * with the provider's config prefix ({@code provider="discovery.gossip"}). A provider may add label
 * values as it goes (a gater's first refusal), so each {@link #refresh} registers the new ones and
 * takes the current totals, which the counters then report.
 */
final class ReportingMeters {
  /** A provider's counter sets are small and fixed in kind; this bounds them all the same. */
  private static final int MAX_SERIES = 1000;

  private final MeterRegistry registry;
  private final Map<String, Reporting> reports;
  private final Map<String, Long> totals = new ConcurrentHashMap<>();

  ReportingMeters(MeterRegistry registry, Map<String, Reporting> reports) {
    this.registry = registry;
    this.reports = Map.copyOf(reports);
  }

  /** Registers counters not seen before and takes every counter's current total. */
  synchronized void refresh() {
    reports.forEach(
        (provider, report) -> {
          for (Reporting.Counter c : report.counters()) {
            Map<String, String> labels = new TreeMap<>(c.labels());
            labels.put("provider", provider);
            String key = c.name() + labels;
            if (totals.put(key, c.value()) == null) {
              if (totals.size() > MAX_SERIES) {
                totals.remove(key);
                continue;
              }
              Tags tags = Tags.empty();
              for (var l : labels.entrySet()) {
                tags = tags.and(l.getKey(), l.getValue());
              }
              FunctionCounter.builder(
                      "subnet_" + c.name().replaceFirst("_total$", ""),
                      totals,
                      t -> t.getOrDefault(key, 0L))
                  .description(c.help())
                  .tags(tags)
                  .register(registry);
            }
          }
        });
  }
}
