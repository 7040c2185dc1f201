package org.subnetp2p.core.identity;

import org.jspecify.annotations.Nullable;

/**
 * A key encoding that cannot be decoded: bad protobuf, unknown or unsupported key type, wrong
 * length, a point off the curve, and so on. The message says which.
 */
public final class InvalidKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message saying what is wrong. */
  public InvalidKeyException(String message) {
    super(message);
  }

  /** An exception with a message saying what is wrong and the lower-level cause. */
  public InvalidKeyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
