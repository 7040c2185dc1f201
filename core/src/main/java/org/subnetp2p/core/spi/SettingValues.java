package org.subnetp2p.core.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses setting values, with errors that name the key. */
final class SettingValues {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private SettingValues() {}

  static Duration duration(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d = null;
    Matcher m = SHORT_DURATION.matcher(v);
    try {
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
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(
          "invalid value for "
              + key
              + ": \""
              + value
              + "\" (expected a duration like 30s or 500ms)");
    }
    return d;
  }

  static int positiveInt(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "invalid value for " + key + ": \"" + value + "\" (expected a positive integer)");
  }
}
