package org.subnetp2p.node.cli;

import picocli.CommandLine.Option;

/** {@code --log-format}, shared by the commands that run a node. */
final class LogFormatOption {
  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "<format>",
      description =
          "text, or json: one JSON object per line on stderr, for log shippers (default: text).")
  String format;
}
