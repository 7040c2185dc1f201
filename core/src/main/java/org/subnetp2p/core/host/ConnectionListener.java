package org.subnetp2p.core.host;

/**
 * Hears about connections opening and closing. Called on a network thread: return quickly, and hand
 * longer work to another thread.
 */
public interface ConnectionListener {
  /** A connection finished its handshakes and can carry streams. */
  default void connected(Connection connection) {}

  /** A connection closed, for whatever reason. */
  default void disconnected(Connection connection) {}
}
