package org.subnetp2p.core.protocol;

/** The states an outbound call passes through, in order. */
public enum CallPhase {
  /** Connecting to the peer, or reusing a connection. */
  DIALING("connecting to the peer"),
  /** Opening a stream and agreeing on the protocol. */
  NEGOTIATING("negotiating the protocol"),
  /** Writing the request. */
  SENDING("sending the request"),
  /** Waiting for and reading the response. */
  AWAITING_RESPONSE("waiting for the response"),
  /** Finished, with a response or an error. */
  DONE("finished");

  private final String description;

  CallPhase(String description) {
    this.description = description;
  }

  /** Human-readable, for error messages. */
  public String description() {
    return description;
  }
}
