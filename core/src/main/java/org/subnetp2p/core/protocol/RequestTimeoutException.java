package org.subnetp2p.core.protocol;

import java.time.Duration;
import org.subnetp2p.core.host.P2PException;

/** A call did not finish within its deadline; {@link #phase()} says where it was stuck. */
public final class RequestTimeoutException extends P2PException {
  private static final long serialVersionUID = 1L;

  private final CallPhase phase;

  /** A call that timed out after {@code timeout} while in {@code phase}. */
  public RequestTimeoutException(String target, CallPhase phase, Duration timeout) {
    super(
        "call to "
            + target
            + " timed out after "
            + timeout.toMillis()
            + " ms while "
            + phase.description());
    this.phase = phase;
  }

  /** Where the call was when its deadline passed. */
  public CallPhase phase() {
    return phase;
  }
}
