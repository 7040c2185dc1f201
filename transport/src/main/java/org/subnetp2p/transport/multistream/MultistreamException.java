package org.subnetp2p.transport.multistream;

import org.subnetp2p.core.host.P2PException;

/** The remote broke the multistream-select protocol: a malformed or unexpected message. */
public final class MultistreamException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A violation described by {@code message}. */
  public MultistreamException(String message) {
    super(message);
  }
}
