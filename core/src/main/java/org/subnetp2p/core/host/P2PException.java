package org.subnetp2p.core.host;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The root of every failure that a remote peer or the network can cause. */
public class P2PException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public P2PException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public P2PException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
