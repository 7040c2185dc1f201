package org.subnetp2p.discovery.chain;

import java.io.IOException;

/**
 * A registry write or read failed: the chain could not be reached, or the contract refused (the
 * message then names the contract's error, e.g. {@code StakeTooLow(1000, 10)}).
 */
public final class RegistrarException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Whether the contract refused (a bad request), rather than the chain failing. */
  private final boolean refused;

  RegistrarException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  /** True if the contract refused the request; false if the chain or the RPC failed. */
  public boolean refused() {
    return refused;
  }
}
