package org.subnetp2p.core.protocol;

import java.util.Locale;

/**
 * How an outbound call ended: the {@code outcome} label of {@code
 * subnet_protocol_call_duration_seconds}.
 */
public enum CallOutcome {
  /** A response arrived. */
  OK,
  /** No connection could be made. */
  DIAL_FAILED,
  /** The peer does not serve the protocol. */
  NOT_SUPPORTED,
  /** The peer reset the stream. */
  RESET,
  /** The deadline passed. */
  TIMEOUT,
  /** The request or the response exceeded the maximum size. */
  TOO_LARGE,
  /** The response could not be decoded. */
  UNDECODABLE,
  /** Anything else, e.g. a local I/O error or a cancelled call. */
  OTHER;

  /** The label value: the name in lower case, e.g. {@code dial_failed}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
