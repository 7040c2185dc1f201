package org.subnetp2p.core.encoding;

/** Text or bytes that are not valid in the encoding they claim: a bad character, length or tail. */
public final class EncodingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message says what is wrong and where. */
  public EncodingException(String message) {
    super(message);
  }
}
