package org.subnetp2p.node.admin;

import java.util.Map;
import org.subnetp2p.core.spi.Reporting;

/**
 * What providers report ({@link Reporting}), rendered for the admin endpoint's {@code /status} as
 * JSON (their counters reach {@code /metrics} through {@link ReportingMeters}).
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
}
