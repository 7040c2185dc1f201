package org.subnetp2p.node.cli;

import java.util.Locale;

/**
 * Sets up Logback, to stderr, as text ({@code logback.xml}) or one JSON object per line ({@code
 * logback-json.xml}). Logback reads its configuration once, when the first logger is made, so each
 * command calls {@link #configure} before anything logs; the command classes therefore hold no
 * static loggers.
 */
final class Logging {
  private Logging() {}

  /**
   * @throws CliException if {@code format} is neither {@code text} nor {@code json}
   */
  static void configure(String level, String format) {
    String config =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "text" -> "logback.xml";
          case "json" -> "logback-json.xml";
          default ->
              throw new CliException(
                  ExitCodes.BAD_INPUT, "--log-format must be text or json, not \"" + format + "\"");
        };
    System.setProperty("subnet.log.level", level);
    System.setProperty("logback.configurationFile", config);
  }
}
