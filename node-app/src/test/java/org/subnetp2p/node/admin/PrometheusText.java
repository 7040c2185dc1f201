package org.subnetp2p.node.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line is a {@code
 * # HELP}, a {@code # TYPE} or a sample of the family last declared, with well-formed labels and a
 * number.
 */
public final class PrometheusText {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(\\{(?:"
              + LABEL
              + "(?:,"
              + LABEL
              + ")*,?)?\\})? ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?");

  private PrometheusText() {}

  /**
   * The metric families of {@code text}, name to type.
   *
   * @throws AssertionError naming the first line that is not in the format
   */
  public static Map<String, String> check(String text) {
    Map<String, String> families = new LinkedHashMap<>();
    String family = null;
    String type = null;
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = TYPE.matcher(line)).matches()) {
        family = m.group(1);
        type = m.group(2);
        if (families.put(family, type) != null) {
          throw new AssertionError("line " + n + ": family declared twice: " + line);
        }
      } else if (HELP.matcher(line).matches()) {
        continue;
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        if (family == null || !belongs(name, family, type)) {
          throw new AssertionError("line " + n + ": sample outside its family: " + line);
        }
      } else {
        throw new AssertionError("line " + n + ": not Prometheus text 0.0.4: " + line);
      }
    }
    return families;
  }

  private static boolean belongs(String sample, String family, String type) {
    return switch (type) {
      case "histogram" ->
          sample.equals(family + "_bucket")
              || sample.equals(family + "_count")
              || sample.equals(family + "_sum");
      case "summary" ->
          sample.equals(family)
              || sample.equals(family + "_count")
              || sample.equals(family + "_sum");
      default -> sample.equals(family);
    };
  }
}
