package org.subnetp2p.core.protocol;

import org.subnetp2p.core.host.P2PException;

/**
 * A message longer than the protocol's maximum: refused from its length prefix, before any of it is
 * read or allocated, or before it is sent.
 */
public final class MessageTooLargeException extends P2PException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final int max;

  /** A {@code what} of {@code size} bytes exceeds {@code max}. */
  public MessageTooLargeException(String what, long size, int max) {
    super(what + " of " + size + " bytes exceeds the maximum of " + max + " bytes");
    this.size = size;
    this.max = max;
  }

  /** The announced or actual size in bytes. */
  public long size() {
    return size;
  }

  /** The limit in force. */
  public int max() {
    return max;
  }
}
