package org.subnetp2p.core.multiaddr;

import org.jspecify.annotations.Nullable;

/**
 * Text or bytes that are not a valid multiaddr. The message names the offending part, e.g. {@code
 * unknown protocol "foo" in "/foo/1"}.
 */
public final class MultiaddrException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the offending part. */
  public MultiaddrException(String message) {
    super(message);
  }

  /** An exception with a message naming the offending part, and the lower-level cause. */
  public MultiaddrException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
