package org.subnetp2p.transport.yamux;

import java.util.Locale;

/**
 * Why a {@link YamuxSession} ended, as a small fixed set (a metric tag, a log word); {@link
 * YamuxSession#closeReason()} has the details.
 */
public enum SessionEnd {
  /** This side closed it (its owner, or a close through the channel). */
  LOCAL,
  /** The remote sent GoAway (normal) and the last stream finished. */
  REMOTE_GOAWAY,
  /** The remote sent GoAway with an error code. */
  REMOTE_ERROR,
  /** The remote broke the Yamux protocol. */
  PROTOCOL_ERROR,
  /** The remote did not answer a keep-alive ping in time. */
  KEEP_ALIVE_TIMEOUT,
  /** The remote left too many of our answers unread. */
  REMOTE_NOT_READING,
  /** Reading or writing the socket failed (e.g. connection reset). */
  IO_ERROR,
  /** The connection ended without a word from either side (the remote closed or vanished). */
  CONNECTION_LOST;

  /** The lower-case name, e.g. {@code keep_alive_timeout}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
