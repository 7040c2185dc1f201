package org.subnetp2p.discovery.gossip.dag;

import org.subnetp2p.discovery.gossip.Rejection;

/** A DAG node or message that fails validation, with the counted reason. */
public final class RecordException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Rejection reason;

  /** An exception for {@code reason}; {@code detail} never quotes unbounded input. */
  public RecordException(Rejection reason, String detail) {
    super(reason.label() + ": " + detail);
    this.reason = reason;
  }

  /** Why the record was refused. */
  public Rejection reason() {
    return reason;
  }
}
