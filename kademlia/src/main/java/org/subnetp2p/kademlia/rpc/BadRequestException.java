package org.subnetp2p.kademlia.rpc;

import org.subnetp2p.core.host.P2PException;

/** A request that cannot be served: unknown type, missing or oversized key, invalid record. */
public final class BadRequestException extends P2PException {
  private static final long serialVersionUID = 1L;

  /** A request refused for the reason in {@code message}. */
  public BadRequestException(String message) {
    super(message);
  }
}
