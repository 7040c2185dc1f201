package org.subnetp2p.core.protocol;

import org.subnetp2p.core.host.P2PException;

/**
 * A call refused before anything was sent because of its arguments: a {@code null} target, request
 * or options, or a target address without {@code /p2p/<peer id>}.
 */
public final class InvalidCallException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A call refused for the reason in {@code message}. */
  public InvalidCallException(String message) {
    super(message);
  }
}
