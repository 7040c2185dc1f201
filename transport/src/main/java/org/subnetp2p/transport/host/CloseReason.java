package org.subnetp2p.transport.host;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.subnetp2p.transport.yamux.SessionEnd;

/**
 * Why an established connection closed, for operators: a DEBUG line per close and the {@code
 * reason} tag of {@code subnet.connections.closed}. The host's own decisions come first; anything
 * else is what ended the Yamux session.
 */
enum CloseReason {
  /** It carried no stream for the idle timeout. */
  IDLE,
  /** A second connection to a peer already connected, dropped by the tie-break. */
  DUPLICATE,
  /** An older connection to a peer, replaced by its newer one. */
  REPLACED,
  /** The host is closing. */
  HOST_CLOSED,
  /** Closed by this side's code ({@code Connection.close()}, a failed stream, ...). */
  LOCAL,
  /** The remote said goodbye (Yamux GoAway) and its last stream finished. */
  REMOTE_GOAWAY,
  /** The remote ended the session with an error code. */
  REMOTE_ERROR,
  /** The remote broke the Yamux protocol. */
  PROTOCOL_ERROR,
  /** The remote did not answer a keep-alive ping within the keep-alive timeout. */
  KEEP_ALIVE_TIMEOUT,
  /** The remote left our answers unread. */
  REMOTE_NOT_READING,
  /** Reading or writing the socket failed (e.g. reset by the peer). */
  IO_ERROR,
  /** The connection ended without a word: the remote closed it or it was lost. */
  CONNECTION_LOST;

  /** The tag value, e.g. {@code keep_alive_timeout}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Filled when the class loads (with the host's meters): a close must not load a class, which
   * takes a file descriptor when classes come from a directory, and a node at its descriptor limit
   * has none (seen in {@code FdLimitTest}: NoClassDefFoundError in the close listener).
   */
  private static final Map<SessionEnd, CloseReason> BY_SESSION_END =
      new EnumMap<>(SessionEnd.class);

  static {
    // Each session end has the reason of the same name (a new one without fails here, at once).
    for (SessionEnd end : SessionEnd.values()) {
      BY_SESSION_END.put(end, valueOf(end.name()));
    }
  }

  static CloseReason of(SessionEnd end) {
    return BY_SESSION_END.get(end);
  }
}
