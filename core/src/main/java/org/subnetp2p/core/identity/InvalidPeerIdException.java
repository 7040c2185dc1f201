package org.subnetp2p.core.identity;

import org.jspecify.annotations.Nullable;

/** Text or bytes that are not a valid peer id; the message says why. */
public final class InvalidPeerIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message saying what is wrong. */
  public InvalidPeerIdException(String message) {
    super(message);
  }

  /** An exception with a message saying what is wrong and the lower-level cause. */
  public InvalidPeerIdException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
