package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import org.subnetp2p.core.identity.IdentityFileException;
import org.subnetp2p.node.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr, {@code error: <what went wrong>}, and an exit code
 * from {@link ExitCodes}. Only unexpected failures get a stack trace too.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        "error: "
            + e.getMessage()
            + " (see '"
            + cmd.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code;
    if (e instanceof CliException c) {
      code = c.exitCode();
    } else if (e instanceof ConfigException || e instanceof IdentityFileException) {
      code = ExitCodes.BAD_INPUT;
    } else {
      code = ExitCodes.FAILURE;
    }
    err.println("error: " + oneLine(e.getMessage() != null ? e.getMessage() : e.toString()));
    if (code == ExitCodes.FAILURE) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ");
  }
}
