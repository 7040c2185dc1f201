package org.subnetp2p.node.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.subnetp2p.core.spi.Reporting;

/**
 * What providers report ({@link Reporting}), rendered for the admin endpoint: {@code /status} as
 * JSON, and their counters in {@code /metrics}, each labelled with the provider's config prefix.
 *
 * <pre>{@code
 * {"discovery.chain":{"state":"synced","records":5,...},"gater.chain":{...}}
 * }</pre>
 */
final class ReportsText {
  private ReportsText() {}

  /** The body of {@code /status}. */
  static String statusJson(Map<String, Reporting> reports) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (var e : reports.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(Json.string(e.getKey())).append(":{");
      boolean firstField = true;
      for (var f : e.getValue().status().entrySet()) {
        if (!firstField) {
          out.append(',');
        }
        firstField = false;
        out.append(Json.string(f.getKey())).append(':').append(value(f.getValue()));
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  private static String value(Object v) {
    return v instanceof Number || v instanceof Boolean
        ? v.toString()
        : Json.string(String.valueOf(v));
  }

  /** The counters in the Prometheus text format, one family per name. */
  static void appendMetrics(StringBuilder out, Map<String, Reporting> reports) {
    Map<String, String> help = new TreeMap<>();
    Map<String, StringBuilder> samples = new LinkedHashMap<>();
    for (var e : reports.entrySet()) {
      List<Reporting.Counter> counters = e.getValue().counters();
      for (Reporting.Counter c : counters) {
        String name = "subnet_" + c.name();
        help.putIfAbsent(name, c.help());
        StringBuilder line = samples.computeIfAbsent(name, k -> new StringBuilder());
        line.append(name).append("{provider=").append(MetricsText.label(e.getKey()));
        new TreeMap<>(c.labels())
            .forEach((k, v) -> line.append(',').append(k).append('=').append(MetricsText.label(v)));
        line.append("} ").append(c.value()).append('\n');
      }
    }
    help.forEach(
        (name, text) -> {
          out.append("# HELP ").append(name).append(' ').append(text).append('\n');
          out.append("# TYPE ").append(name).append(" counter\n");
          out.append(samples.get(name));
        });
  }
}
