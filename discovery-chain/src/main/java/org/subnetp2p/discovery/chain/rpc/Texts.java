package org.subnetp2p.discovery.chain.rpc;

/**
 * Short, printable renderings of text that came from outside (an RPC endpoint, a registry record):
 * never more than {@link #MAX} characters, control characters replaced, so a log line stays one
 * short line whatever was sent.
 */
public final class Texts {
  /** The longest rendering. */
  public static final int MAX = 160;

  private Texts() {}

  /** {@code text} cut to {@link #MAX} characters, control characters as {@code ?}. */
  public static String bounded(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 3);
    for (int i = 0; i < text.length() && out.length() < MAX; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX) {
      out.append("...");
    }
    return out.toString();
  }

  /**
   * An exception as its class and bounded message, e.g. {@code SocketTimeoutException: timeout}.
   */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + bounded(message));
  }
}
