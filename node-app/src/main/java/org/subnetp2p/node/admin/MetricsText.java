package org.subnetp2p.node.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.spi.Reporting;

/**
 * The body of {@code /metrics}: the scrape of the node's {@link PrometheusMeterRegistry} in the
 * Prometheus text format (version 0.0.4), with the providers' {@link Reporting} counters bridged
 * into it. What is measured is listed in the README's metrics table.
 */
final class MetricsText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ReportingMeters reports;

  private MetricsText(PrometheusMeterRegistry registry, Map<String, Reporting> reports) {
    this.registry = registry;
    this.reports = new ReportingMeters(registry, reports);
  }

  /**
   * The metrics of {@code host}'s registry when it is a Prometheus one (as a node's is); otherwise
   * a registry of its own with only the providers' counters.
   */
  static MetricsText of(Host host, Map<String, Reporting> reports) {
    MeterRegistry r = host.meterRegistry();
    return new MetricsText(
        r instanceof PrometheusMeterRegistry p
            ? p
            : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        reports);
  }

  /** The current scrape. */
  String scrape() {
    reports.refresh();
    return registry.scrape();
  }
}
