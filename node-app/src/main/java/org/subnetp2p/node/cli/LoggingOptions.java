package org.subnetp2p.node.cli;

import org.subnetp2p.node.ConfigLoader;
import picocli.CommandLine.Option;

/**
 * {@code --log-level} and {@code --log-format}, mixed into every command, which sets up logging
 * from them before anything logs ({@link Logging}). The level's default is {@code warn}, or what
 * the command's default value provider says ({@code run}: its {@code log-level} setting's).
 */
final class LoggingOptions {
  @Option(
      names = "--log-level",
      defaultValue = "warn",
      paramLabel = "<level>",
      description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
  String level;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "<format>",
      description =
          "text, or json: one JSON object per line on stderr, for log shippers (default: text).")
  String format;

  /**
   * Sets up logging at {@code --log-level}.
   *
   * @throws org.subnetp2p.node.ConfigException if the level is not one of the five
   * @throws CliException if {@code --log-format} is neither {@code text} nor {@code json}
   */
  void configure() {
    configure(ConfigLoader.parseLogLevel("--log-level", level));
  }

  /** Sets up logging at {@code level}, already checked, in {@code --log-format}. */
  void configure(String checkedLevel) {
    Logging.configure(checkedLevel, format);
  }
}
