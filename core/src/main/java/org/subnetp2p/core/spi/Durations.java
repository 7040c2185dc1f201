package org.subnetp2p.core.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as settings and flags spell them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * or ISO-8601 such as {@code PT30S}. The one parser of the project, so every setting and flag reads
 * and prints durations alike.
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /**
   * {@code value} as a positive duration.
   *
   * @param what names the value in the error: a config key or a flag such as {@code --timeout}
   * @throws IllegalArgumentException naming {@code what} if {@code value} is not a positive
   *     duration
   */
  public static Duration parse(String what, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d = null;
    try {
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
        d = Duration.parse(v);
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      d = null; // too large, or not ISO-8601: reported below
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(
          "invalid value for "
              + what
              + ": \""
              + value
              + "\" (expected a duration like 30s or 500ms)");
    }
    return d;
  }

  /** {@code d} the way {@link #parse} reads it back: {@code 30s}, {@code 1500ms}. */
  public static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
