package org.subnetp2p.core.protocol;

import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.host.P2PException;

/**
 * Bytes that are not a valid message: a malformed length prefix, a stream that ends inside a
 * message, or protobuf bytes that do not parse as the expected type.
 */
public final class UndecodableMessageException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** Undecodable input described by {@code message}. */
  public UndecodableMessageException(String message) {
    super(message);
  }

  /** Undecodable input described by {@code message}, caused by {@code cause}. */
  public UndecodableMessageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
