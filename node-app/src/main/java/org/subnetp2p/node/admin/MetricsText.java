package org.subnetp2p.node.admin;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.protocol.ProtobufRequestResponseProtocolTemplate;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.protocol.ProtocolMetrics;
import org.subnetp2p.core.spi.Reporting;

/**
 * The body of {@code /metrics} in the Prometheus text format (version 0.0.4): open connections and
 * streams, and per request/response protocol its outcome counters, inbound requests in flight and
 * call latency histogram, all labelled with the protocol id.
 */
final class MetricsText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private MetricsText() {}

  static String of(Host host, Map<String, ProtocolBase<?, ?>> protocols) {
    return of(host, protocols, Map.of());
  }

  /** With the counters of the providers that report them. */
  static String of(
      Host host, Map<String, ProtocolBase<?, ?>> protocols, Map<String, Reporting> reports) {
    StringBuilder out = new StringBuilder();
    var connections = host.connections();
    family(out, "subnet_connections_open", "gauge", "Open connections.");
    out.append("subnet_connections_open ").append(connections.size()).append('\n');
    family(out, "subnet_streams_open", "gauge", "Open streams across all connections.");
    out.append("subnet_streams_open ")
        .append(connections.stream().mapToLong(Connection::streamCount).sum())
        .append('\n');

    Map<String, ProtocolMetrics> metrics = new TreeMap<>();
    for (ProtocolBase<?, ?> p : protocols.values()) {
      if (p instanceof ProtobufRequestResponseProtocolTemplate<?, ?> t) {
        metrics.put(p.protocolId(), t.metrics());
      }
    }
    family(out, "subnet_protocol_calls_total", "counter", "Outbound calls by outcome.");
    metrics.forEach(
        (id, m) -> {
          for (ProtocolMetrics.CallOutcome o : ProtocolMetrics.CallOutcome.values()) {
            out.append("subnet_protocol_calls_total{protocol=")
                .append(label(id))
                .append(",outcome=")
                .append(label(o.name().toLowerCase(Locale.ROOT)))
                .append("} ")
                .append(m.calls(o))
                .append('\n');
          }
        });
    family(out, "subnet_protocol_inbound_total", "counter", "Inbound requests by outcome.");
    metrics.forEach(
        (id, m) -> {
          for (ProtocolMetrics.InboundOutcome o : ProtocolMetrics.InboundOutcome.values()) {
            out.append("subnet_protocol_inbound_total{protocol=")
                .append(label(id))
                .append(",outcome=")
                .append(label(o.name().toLowerCase(Locale.ROOT)))
                .append("} ")
                .append(m.inbound(o))
                .append('\n');
          }
        });
    family(
        out,
        "subnet_protocol_call_duration_seconds",
        "histogram",
        "Latency of outbound calls, whatever their outcome.");
    metrics.forEach((id, m) -> histogram(out, label(id), m));
    ReportsText.appendMetrics(out, reports);
    return out.toString();
  }

  private static void histogram(StringBuilder out, String protocol, ProtocolMetrics m) {
    long[] buckets = m.callLatencyBuckets();
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      cumulative += buckets[i];
      String le =
          i < ProtocolMetrics.LATENCY_BUCKETS_MS.length
              ? number(ProtocolMetrics.LATENCY_BUCKETS_MS[i] / 1000)
              : "+Inf";
      out.append("subnet_protocol_call_duration_seconds_bucket{protocol=")
          .append(protocol)
          .append(",le=\"")
          .append(le)
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    out.append("subnet_protocol_call_duration_seconds_sum{protocol=")
        .append(protocol)
        .append("} ")
        .append(number(m.callLatencySecondsSum()))
        .append('\n');
    out.append("subnet_protocol_call_duration_seconds_count{protocol=")
        .append(protocol)
        .append("} ")
        .append(cumulative)
        .append('\n');
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A label value, quoted and escaped as the text format wants. */
  static String label(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  /** A sample value without needless digits: 0.0005, 1, 2.5. */
  private static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? Long.toString((long) v)
        : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
