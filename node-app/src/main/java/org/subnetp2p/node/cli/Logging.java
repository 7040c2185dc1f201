package org.subnetp2p.node.cli;

/**
 * Sets up slf4j-simple (to stderr, see {@code simplelogger.properties}). It reads its settings
 * once, when the first logger is made, so each command calls {@link #configure} before anything
 * logs; the command classes therefore hold no static loggers.
 */
final class Logging {
  private Logging() {}

  static void configure(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
  }
}
