package org.subnetp2p.core.spi;

/** Parses setting values, with errors that name the key (durations: {@link Durations}). */
final class SettingValues {
  private SettingValues() {}

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
