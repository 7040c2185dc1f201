package org.subnetp2p.core.host;

import org.jspecify.annotations.Nullable;

/** The stream was reset by either side, or its connection was lost, before it finished. */
public class StreamResetException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A reset described by {@code message}. */
  public StreamResetException(String message) {
    super(message);
  }

  /** A reset described by {@code message}, caused by {@code cause}. */
  public StreamResetException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
