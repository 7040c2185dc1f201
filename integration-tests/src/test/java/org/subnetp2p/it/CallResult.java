package org.subnetp2p.it;

import java.time.Duration;
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

  /** Exit 0 with the task protocol's answer: the payload upper-cased. */
  boolean answeredUpperCase() {
    return exitCode == 0 && output().equals(payload.toUpperCase(Locale.ROOT));
  }

  /** Why a failed call failed: its one line, wherever the CLI printed it. */
  String reason() {
    return output().isEmpty() ? stderr.strip() : output();
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
