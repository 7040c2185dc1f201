package org.subnetp2p.core.protocol;

import java.util.Locale;

/**
 * How an inbound request ended: the {@code outcome} label of {@code
 * subnet_protocol_inbound_duration_seconds}.
 */
public enum InboundOutcome {
  /** Answered. */
  OK,
  /** Refused: over the concurrency limits, and the queue of waiting requests was full. */
  OVER_LIMIT,
  /** Refused: larger than the maximum. */
  TOO_LARGE,
  /** Refused: not decodable. */
  UNDECODABLE,
  /**
   * The request's deadline passed: while it waited for a slot, before it was read, while the
   * handler ran, or before its response was written.
   */
  TIMEOUT,
  /** The handler threw; the stream was reset. */
  HANDLER_FAILED,
  /** The caller went away, or another I/O error. */
  OTHER;

  /** The label value: the name in lower case, e.g. {@code over_limit}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
