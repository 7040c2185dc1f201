package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every sample of a run, grouped into figures (one metric of one scenario for one pair), plus the
 * machine's load average before each scenario run and any errors peers reported.
 */
final class Results {
  /** One figure: its samples in run order. */
  record Figure(String scenario, String metric, String pair, String unit, List<Double> samples) {
    Stats stats() {
      return Stats.of(samples);
    }

    String key() {
      return key(scenario, metric, pair);
    }

    static String key(String scenario, String metric, String pair) {
      return scenario + " | " + metric + " | " + pair;
    }
  }

  /** The 1, 5 and 15 minute load averages when a scenario run started. */
  record Load(String scenario, int round, String loadavg) {}

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Load> loads = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  synchronized void add(String scenario, String metric, String pair, String unit, double value) {
    figures
        .computeIfAbsent(
            Figure.key(scenario, metric, pair),
            k -> new Figure(scenario, metric, pair, unit, new ArrayList<>()))
        .samples()
        .add(value);
  }

  synchronized void load(String scenario, int round, String loadavg) {
    loads.add(new Load(scenario, round, loadavg));
  }

  synchronized void error(String message) {
    errors.add(message);
  }

  synchronized Optional<Figure> figure(String scenario, String metric, String pair) {
    return Optional.ofNullable(figures.get(Figure.key(scenario, metric, pair)));
  }

  synchronized List<Figure> figures() {
    return List.copyOf(figures.values());
  }

  synchronized List<Load> loads() {
    return List.copyOf(loads);
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** The machine-readable form: every sample, the stats, the loads and the errors. */
  synchronized ObjectNode toJson() {
    ObjectNode root = PeerProcess.JSON.createObjectNode();
    ArrayNode list = root.putArray("figures");
    for (Figure f : figures.values()) {
      Stats s = f.stats();
      ObjectNode node =
          list.addObject()
              .put("scenario", f.scenario())
              .put("metric", f.metric())
              .put("pair", f.pair())
              .put("unit", f.unit())
              .put("median", s.median())
              .put("min", s.min())
              .put("max", s.max())
              .put("runs", s.runs());
      f.samples().forEach(node.putArray("samples")::add);
    }
    ArrayNode loadList = root.putArray("loadAverages");
    for (Load l : loads) {
      loadList
          .addObject()
          .put("scenario", l.scenario())
          .put("round", l.round())
          .put("loadavg", l.loadavg());
    }
    errors.forEach(root.putArray("errors")::add);
    return root;
  }
}
