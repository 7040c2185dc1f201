package org.subnetp2p.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every task call a test made, sorted by how it ended: answered (the payload in upper case), a
 * typed error (exit 3, the CLI's network failure, with its one {@code error:} line saying what
 * failed), or lost: no answer within its deadline, an unexpected failure (exit 1), a wrong answer,
 * or an error without its reason. A fault may fail calls; it must not lose them.
 */
final class CallLedger {
  /** The CLI's exit code for a network or remote failure ({@code ExitCodes.NETWORK}). */
  static final int NETWORK_FAILURE = 3;

  private final List<CallResult> answered = new ArrayList<>();
  private final Map<String, Integer> typedErrors = new TreeMap<>();
  private final List<CallResult> lost = new ArrayList<>();
  private long slowestMillis;

  /** Records {@code result}; returns it. */
  synchronized CallResult record(CallResult result) {
    if (!result.timedOut()) {
      slowestMillis = Math.max(slowestMillis, result.elapsed().toMillis());
    }
    if (result.answeredUpperCase()) {
      answered.add(result);
    } else if (isTypedError(result)) {
      typedErrors.merge(kind(result.errorLines().getFirst()), 1, Integer::sum);
    } else {
      lost.add(result);
    }
    return result;
  }

  /** Exit 3 and one line saying why, nothing on stdout. */
  static boolean isTypedError(CallResult r) {
    return !r.timedOut()
        && r.exitCode() == NETWORK_FAILURE
        && r.output().isEmpty()
        && r.errorLines().size() == 1;
  }

  /** The kind of failure an error line names, e.g. {@code timeout} for "call to X timed out". */
  static String kind(String errorLine) {
    if (errorLine.contains("timed out")) {
      return "timeout";
    }
    if (errorLine.contains("cannot dial")) {
      return "dial";
    }
    if (errorLine.contains("reset")) {
      return "reset";
    }
    return "other";
  }

  synchronized int total() {
    return answered.size()
        + typedErrors.values().stream().mapToInt(Integer::intValue).sum()
        + lost.size();
  }

  synchronized List<CallResult> lost() {
    return List.copyOf(lost);
  }

  /**
   * E.g. {@code 120 calls: 96 answered, 24 typed errors (timeout 20, dial 4), 0 lost; the slowest
   * ended after 12345 ms} (node start and close included).
   */
  synchronized String summary() {
    int typed = typedErrors.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder kinds = new StringBuilder();
    typedErrors.forEach(
        (k, n) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(k).append(' ').append(n));
    return total()
        + " calls: "
        + answered.size()
        + " answered, "
        + typed
        + " typed errors ("
        + kinds
        + "), "
        + lost.size()
        + " lost; the slowest ended after "
        + slowestMillis
        + " ms";
  }
}
