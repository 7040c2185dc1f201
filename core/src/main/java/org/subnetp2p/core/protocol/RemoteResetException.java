package org.subnetp2p.core.protocol;

import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.host.StreamResetException;

/**
 * The remote peer reset the stream instead of answering: its handler failed, it refused the request
 * (too large, over its concurrency limit), or the connection dropped.
 */
public final class RemoteResetException extends StreamResetException {
  private static final long serialVersionUID = 1L;

  /** A reset described by {@code message}, caused by {@code cause}. */
  public RemoteResetException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
