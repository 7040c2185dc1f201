package org.subnetp2p.node.cli;

import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.host.PeerIdMismatchException;
import org.subnetp2p.core.host.PeerNotFoundException;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** One-line reasons for failed calls, e.g. {@code cannot dial /ip4/...: connection refused}. */
final class CallFailures {
  private CallFailures() {}

  /**
   * @param target what was called: a multiaddr, or a peer id; {@code null} when the failure names
   *     it itself
   */
  static String describe(Throwable failure, Object target) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof NotAdmittedException) {
      return "not admitted: " + t.getMessage();
    }
    if (t instanceof PeerNotFoundException) {
      return t.getMessage();
    }
    if (t instanceof DialException
        && !(t instanceof PeerIdMismatchException)
        && target instanceof Multiaddr) {
      return "cannot dial " + target + ": " + dialReason(t);
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  /** The root cause in plain words where it is a common one. */
  private static String dialReason(Throwable dial) {
    Throwable root = dial;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    if (root instanceof ConnectException
        && message.toLowerCase(Locale.ROOT).startsWith("connection refused")) {
      return "connection refused";
    }
    return dial.getMessage();
  }
}
