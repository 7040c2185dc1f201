package org.subnetp2p.node.cli;

import picocli.CommandLine;

/** The entry point of {@code subnet-node}: {@code java -jar subnet-node.jar <command> ...}. */
public final class Main {
  private Main() {}

  /** Runs the command and exits with its code (see the README for the codes). */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command; returns its exit code. */
  static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    ErrorHandler errors = new ErrorHandler();
    return new CommandLine(new SubnetNodeCommand())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }
}
