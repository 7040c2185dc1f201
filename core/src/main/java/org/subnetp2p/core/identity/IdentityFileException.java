package org.subnetp2p.core.identity;

import org.jspecify.annotations.Nullable;

/**
 * A private-key file that cannot be read or written. The message names the file and says what is
 * wrong with it.
 */
public final class IdentityFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the file and the problem. */
  public IdentityFileException(String message) {
    super(message);
  }

  /** An exception with a message naming the file and the problem, and the lower-level cause. */
  public IdentityFileException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
