package org.subnetp2p.transport.noise;

/**
 * A Noise protocol failure: a message that does not authenticate, is malformed or arrives out of
 * turn, or a cipher state that may not be used any more. Each such failure ends the session.
 */
public class NoiseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public NoiseException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
