package org.subnetp2p.core.host;

import org.subnetp2p.core.identity.PeerId;

/** The peer we reached authenticated as someone other than the peer we dialled. */
public final class PeerIdMismatchException extends DialException {
  private static final long serialVersionUID = 1L;

  private final transient PeerId expected;
  private final transient PeerId actual;

  /** The dialled {@code expected} peer turned out to be {@code actual}. */
  public PeerIdMismatchException(PeerId expected, PeerId actual) {
    super("dialled peer " + expected + " but the remote authenticated as " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /** The peer id we dialled. */
  public PeerId expected() {
    return expected;
  }

  /** The peer id the remote proved it holds. */
  public PeerId actual() {
    return actual;
  }
}
