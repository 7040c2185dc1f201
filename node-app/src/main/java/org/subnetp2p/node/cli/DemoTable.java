package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The demo's table: one row per call, columns padded to their widest cell. */
final class DemoTable {
  private static final String[] HEADER = {
    "caller", "callee", "found by", "address from", "result", "latency"
  };

  private DemoTable() {}

  static void print(PrintWriter out, List<DemoNetwork.Call> calls) {
    String[][] rows = new String[calls.size() + 1][];
    rows[0] = HEADER;
    for (int i = 0; i < calls.size(); i++) {
      DemoNetwork.Call c = calls.get(i);
      rows[i + 1] =
          new String[] {
            c.caller(),
            c.callee(),
            c.foundBy(),
            c.addressFrom(),
            c.result(),
            String.format(Locale.ROOT, "%.1f ms", c.latency().toNanos() / 1e6)
          };
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int col = 0; col < row.length; col++) {
        widths[col] = Math.max(widths[col], row[col].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < row.length; col++) {
        boolean last = col == row.length - 1;
        line.append(last ? row[col] : pad(row[col], widths[col] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
