package org.subnetp2p.it;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** One {@code subnet-node call}: what was sent, exit code, both outputs, how long it took. */
record CallResult(
    String caller,
    String target,
    String payload,
    int exitCode,
    String stdout,
    String stderr,
    Duration elapsed) {
  private static final int TIMED_OUT = -1;

  static CallResult timedOut(String caller, String target, String payload, Duration deadline) {
    return new CallResult(
        caller, target, payload, TIMED_OUT, "", "(no exit within " + deadline + ")", deadline);
  }

  boolean timedOut() {
    return exitCode == TIMED_OUT;
  }

  /** Stdout without the trailing newline: the response, or the one-line reason. */
  String output() {
    return stdout.strip();
  }

  /**
   * Exit 0 with the task protocol's answer, the payload upper-cased, as the CLI prints it: {@code
   * accepted=true result=<result>}.
   */
  boolean answeredUpperCase() {
    return exitCode == 0
        && output().equals("accepted=true result=" + payload.toUpperCase(Locale.ROOT));
  }

  /**
   * The CLI's reason for a failure: its {@code error: ...} lines on stderr (one, if all is well).
   */
  List<String> errorLines() {
    return stderr.lines().filter(line -> line.startsWith("error: ")).toList();
  }

  @Override
  public String toString() {
    return caller
        + " -> "
        + target
        + " ["
        + payload
        + "]: exit "
        + exitCode
        + " after "
        + elapsed.toMillis()
        + " ms, stdout ["
        + output()
        + "], stderr ["
        + stderr.strip()
        + "]";
  }
}
