package org.subnetp2p.core.host;

import org.jspecify.annotations.Nullable;

/**
 * No connection to the peer could be made: no address known, refused, unreachable, timed out, or a
 * failed security or muxer handshake. The message says which.
 */
public class DialException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A dial failure described by {@code message}. */
  public DialException(String message) {
    super(message);
  }

  /** A dial failure described by {@code message}, caused by {@code cause}. */
  public DialException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
