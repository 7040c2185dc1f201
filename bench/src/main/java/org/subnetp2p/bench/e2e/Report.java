package org.subnetp2p.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The markdown form of a run: tables of medians (min–max), the targets, the machine. */
final class Report {
  private static final List<String> PAIR_COLUMNS = Pair.ALL.stream().map(Pair::label).toList();

  private Report() {}

  static String markdown(Results results, Map<String, String> machine, String command) {
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`\n\n");
    md.append("Each cell: median of the runs (min–max).\n\n");
    md.append(pairTable(results));
    md.append('\n').append(shippedTable(results));
    md.append('\n').append(memoryTable(results));
    md.append('\n').append(targets(results));
    md.append('\n').append(machineTable(machine));
    md.append('\n').append(loads(results));
    if (!results.errors().isEmpty()) {
      md.append("\nErrors reported by the peers:\n\n");
      results.errors().forEach(e -> md.append("- ").append(e).append('\n'));
    }
    return md.toString();
  }

  private static String pairTable(Results results) {
    StringBuilder md = new StringBuilder("| Scenario | Metric | ");
    PAIR_COLUMNS.forEach(p -> md.append(p).append(" | "));
    md.append("Java→Java ÷ js→js |\n|---|---|");
    PAIR_COLUMNS.forEach(p -> md.append("---:|"));
    md.append("---:|\n");
    Map<String, List<Results.Figure>> rows = new LinkedHashMap<>();
    List<String> shipped =
        results.figures().stream()
            .filter(f -> f.pair().equals(ShippedNodeScenario.NODE))
            .map(Results.Figure::scenario)
            .toList();
    for (Results.Figure f : results.figures()) {
      if (PAIR_COLUMNS.contains(f.pair())
          && !f.scenario().equals(IdleMemoryScenario.NAME)
          && !shipped.contains(f.scenario())) {
        rows.computeIfAbsent(f.scenario() + "\n" + f.metric(), k -> new ArrayList<>()).add(f);
      }
    }
    for (List<Results.Figure> row : rows.values()) {
      Results.Figure first = row.get(0);
      List<String> cells = new ArrayList<>(List.of(first.scenario(), metric(first)));
      for (String pair : PAIR_COLUMNS) {
        cells.add(
            results.figure(first.scenario(), first.metric(), pair).map(Report::cell).orElse("–"));
      }
      Optional<Results.Figure> jj = results.figure(first.scenario(), first.metric(), "Java→Java");
      Optional<Results.Figure> js = results.figure(first.scenario(), first.metric(), "js→js");
      String ratio =
          jj.isPresent() && js.isPresent()
              ? String.format(
                  Locale.ROOT, "%.2f", jj.get().stats().median() / js.get().stats().median())
              : "–";
      cells.add(ratio);
      md.append(row(cells.toArray(String[]::new)));
    }
    results
        .figure(IperfScenario.NAME, "throughput", "")
        .ifPresent(
            f ->
                md.append("| ")
                    .append(IperfScenario.NAME)
                    .append(" (ceiling) | throughput (MiB/s) | ")
                    .append(cell(f))
                    .append(" | | | | |\n"));
    return md.toString();
  }

  /** js-libp2p calling the shipped node and the js server in the same rounds. */
  private static String shippedTable(Results results) {
    Map<String, Results.Figure> rows = new LinkedHashMap<>();
    for (Results.Figure f : results.figures()) {
      if (f.pair().equals(ShippedNodeScenario.NODE)) {
        rows.put(f.scenario() + "\n" + f.metric(), f);
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder md =
        new StringBuilder(
            "| Scenario | Metric | "
                + ShippedNodeScenario.NODE
                + " | "
                + ShippedNodeScenario.JS
                + " | ratio |\n|---|---|---:|---:|---:|\n");
    for (Results.Figure f : rows.values()) {
      Optional<Results.Figure> js =
          results.figure(f.scenario(), f.metric(), ShippedNodeScenario.JS);
      String ratio =
          js.isPresent() && js.get().stats().median() != 0
              ? String.format(Locale.ROOT, "%.2f", f.stats().median() / js.get().stats().median())
              : "–";
      md.append(row(f.scenario(), metric(f), cell(f), js.map(Report::cell).orElse("–"), ratio));
    }
    return md.toString();
  }

  private static String memoryTable(Results results) {
    List<Results.Figure> memory =
        results.figures().stream()
            .filter(f -> f.scenario().equals(IdleMemoryScenario.NAME))
            .toList();
    if (memory.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("| Idle connections (client→server) | Metric | Value |\n");
    md.append("|---|---|---:|\n");
    for (Results.Figure f : memory) {
      md.append(row(f.pair(), metric(f), cell(f)));
    }
    return md.toString();
  }

  private static String targets(Results results) {
    StringBuilder md = new StringBuilder("| Target | Measured | Holds |\n|---|---|---|\n");
    for (Targets.Target t : Targets.evaluate(results)) {
      md.append(
          row(t.requirement(), t.measured(), t.holds().map(h -> h ? "yes" : "**no**").orElse("–")));
    }
    return md.toString();
  }

  private static String machineTable(Map<String, String> machine) {
    StringBuilder md = new StringBuilder("| Machine | |\n|---|---|\n");
    machine.forEach((k, v) -> md.append(row(k, v)));
    return md.toString();
  }

  private static String loads(Results results) {
    StringBuilder md =
        new StringBuilder("Load averages (1/5/15 min) before each scenario run:\n\n");
    for (Results.Load l : results.loads()) {
      md.append("- round ")
          .append(l.round())
          .append(", ")
          .append(l.scenario())
          .append(": ")
          .append(l.loadavg())
          .append('\n');
    }
    return md.toString();
  }

  /** One table row: the cells between pipes. */
  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /** A figure's metric with its unit, e.g. "p50 (ms)". */
  private static String metric(Results.Figure f) {
    return f.metric() + " (" + f.unit() + ")";
  }

  private static String cell(Results.Figure f) {
    Stats s = f.stats();
    if (s.runs() == 0) {
      return "–";
    }
    if (s.runs() == 1) {
      return number(s.median());
    }
    return number(s.median()) + " (" + number(s.min()) + "–" + number(s.max()) + ")";
  }

  /** Three significant digits or whole numbers, with thousands separators. */
  static String number(double v) {
    double a = Math.abs(v);
    String format = a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, format, v);
  }
}
