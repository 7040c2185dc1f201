package org.subnetp2p.node;

/**
 * Bad input from the user: an unknown config key or provider name, a malformed value, an address
 * that cannot be bound. The message is one line that names the culprit and says what would be
 * accepted; the CLI prints it and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message. */
  public ConfigException(String message) {
    super(message);
  }

  /** An exception with a one-line message and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
