import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints one line per module from JaCoCo's CSV report, so the build's output shows coverage
 * without opening the HTML: {@code coverage core: lines 1234/1500 (82.3%), branches 400/520
 * (76.9%), report core/target/site/jacoco/index.html}. Run by the build (exec-maven-plugin,
 * Java's single-file source launcher) at the end of each module's {@code verify}; a module that
 * ran no tests has no CSV and prints nothing.
 *
 * <p>Arguments: the module's name and its {@code jacoco.csv}.
 */
public final class CoverageSummary {
  // jacoco.csv columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,
  // BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,...
  private static final int BRANCH_MISSED = 5;
  private static final int LINE_MISSED = 7;

  public static void main(String[] args) throws IOException {
    String module = args[0];
    Path csv = Path.of(args[1]);
    if (!Files.isRegularFile(csv)) {
      return;
    }
    List<String> rows = Files.readAllLines(csv);
    long[] totals = new long[4];
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",");
      totals[0] += Long.parseLong(cells[LINE_MISSED]);
      totals[1] += Long.parseLong(cells[LINE_MISSED + 1]);
      totals[2] += Long.parseLong(cells[BRANCH_MISSED]);
      totals[3] += Long.parseLong(cells[BRANCH_MISSED + 1]);
    }
    System.out.printf(
        Locale.ROOT,
        "coverage %s: lines %s, branches %s, report %s%n",
        module,
        ratio(totals[1], totals[0]),
        ratio(totals[3], totals[2]),
        csv.resolveSibling("index.html"));
  }

  private static String ratio(long covered, long missed) {
    long total = covered + missed;
    return total == 0
        ? "0/0"
        : String.format(Locale.ROOT, "%d/%d (%.1f%%)", covered, total, 100.0 * covered / total);
  }
}
