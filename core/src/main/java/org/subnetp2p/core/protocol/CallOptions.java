package org.subnetp2p.core.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one outbound call that differ from the protocol's {@link RequestResponseOptions}.
 *
 * <pre>{@code
 * tasks.callRemote(peer, request, CallOptions.withTimeout(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param timeout deadline for the whole call: dial, negotiation, request, response
 */
public record CallOptions(Duration timeout) {

  /** Validates the options. */
  public CallOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** A call with its own deadline instead of the protocol's {@code callTimeout}. */
  public static CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout);
  }
}
