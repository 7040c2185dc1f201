package org.subnetp2p.node.cli;

/** The exit codes of {@code subnet-node}. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /** An unexpected failure: a bug, reported with its stack trace. */
  static final int FAILURE = 1;

  /**
   * Bad input: a usage error, an unknown config key or provider name, a malformed value, an
   * unusable identity file, an address that cannot be bound.
   */
  static final int BAD_INPUT = 2;

  /** The network or the remote peer failed: cannot dial, timeout, reset, refused calls. */
  static final int NETWORK = 3;

  private ExitCodes() {}
}
