package org.subnetp2p.node;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the durations of the config and the command line: {@code 500ms}, {@code 30s}.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * {@code value} as a positive duration: a number with {@code ms}, {@code s}, {@code m} or {@code
   * h}, or ISO-8601 ({@code PT30S}).
   *
   * @param what names the value in the error, e.g. {@code --timeout}
   * @throws ConfigException if {@code value} is not a positive duration
   */
  public static Duration parse(String what, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SHORT.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
    } else if (v.startsWith("pt")) {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ConfigException(
          "invalid duration for " + what + ": \"" + value + "\" (expected e.g. 30s or 500ms)");
    }
    return d;
  }

  /** {@code d} the way {@link #parse} reads it: {@code 30s}, {@code 1500ms}. */
  public static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
