package org.subnetp2p.core.record;

import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.host.P2PException;

/** A signed envelope or record that is malformed, badly signed, or names another peer. */
public final class InvalidRecordException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A record rejected for the reason in {@code message}. */
  public InvalidRecordException(String message) {
    super(message);
  }

  /** A record rejected for the reason in {@code message}, caused by {@code cause}. */
  public InvalidRecordException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
