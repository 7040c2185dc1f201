package org.subnetp2p.discovery.chain.admission;

import java.util.Locale;

/** What a gater answers for a peer it cannot check because the chain cannot be reached. */
public enum FailureMode {
  /** Refuse: only peers known to be registered get in (the {@code chain} gater's default). */
  CLOSED,
  /**
   * Admit, and say so in the log (subnet-template's behaviour, the {@code pos} gater's default).
   */
  OPEN;

  /** {@code fail-closed}/{@code closed} or {@code fail-open}/{@code open}. */
  static FailureMode parse(String key, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "closed", "fail-closed" -> CLOSED;
      case "open", "fail-open" -> OPEN;
      default ->
          throw new IllegalArgumentException(
              "invalid value for "
                  + key
                  + ": \""
                  + value
                  + "\" (expected fail-closed or fail-open)");
    };
  }

  /** {@code fail-closed} or {@code fail-open}. */
  String label() {
    return "fail-" + name().toLowerCase(Locale.ROOT);
  }
}
