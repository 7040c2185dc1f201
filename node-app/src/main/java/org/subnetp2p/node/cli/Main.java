package org.subnetp2p.node.cli;

import java.io.PrintWriter;
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

  /**
   * Runs one command in this JVM with its output on {@code out} and {@code err} rather than the
   * process's; returns its exit code. Each run has its own command line, so commands may run
   * concurrently: for a long-lived process that runs many (a test driver; a JVM start costs more
   * than a call).
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  static CommandLine commandLine() {
    ErrorHandler errors = new ErrorHandler();
    return new CommandLine(new SubnetNodeCommand())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }
}
