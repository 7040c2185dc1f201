package org.subnetp2p.discovery.gossip.json;

/** Input that is not JSON, or not JSON this parser accepts (too deep, too big, not UTF-8...). */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception whose message says what is wrong, never quoting unbounded input. */
  public JsonException(String message) {
    super(message);
  }
}
