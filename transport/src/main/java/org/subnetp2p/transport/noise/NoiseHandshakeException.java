package org.subnetp2p.transport.noise;

/**
 * Why a Noise handshake failed: a timeout, a malformed or unauthentic message, an invalid identity
 * signature, or a remote peer other than the one dialled. The connection is closed.
 */
public class NoiseHandshakeException extends NoiseException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public NoiseHandshakeException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public NoiseHandshakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
