package org.subnetp2p.transport.host;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.subnetp2p.transport.yamux.SessionEnd;

/**
 * Why an established connection closed, for operators: a DEBUG line per close and the {@code
 * reason} tag of {@code subnet.connections.closed}. The host's own decisions come first (the
 * constants here); anything else is what ended the Yamux session, one reason per {@link
 * SessionEnd}, under the same label. A fixed set, compared by identity.
 */
final class CloseReason {
  /** It carried no stream for the idle timeout. */
  static final CloseReason IDLE = new CloseReason("idle");

  /** A second connection to a peer already connected, dropped by the tie-break. */
  static final CloseReason DUPLICATE = new CloseReason("duplicate");

  /** An older connection to a peer, replaced by its newer one. */
  static final CloseReason REPLACED = new CloseReason("replaced");

  /** The host is closing. */
  static final CloseReason HOST_CLOSED = new CloseReason("host_closed");

  /**
   * Filled when the class loads (with the host's meters): a close must not load a class, which
   * takes a file descriptor when classes come from a directory, and a node at its descriptor limit
   * has none (seen in {@code FdLimitTest}: NoClassDefFoundError in the close listener).
   */
  private static final Map<SessionEnd, CloseReason> BY_SESSION_END =
      new EnumMap<>(SessionEnd.class);

  private static final List<CloseReason> ALL;

  static {
    List<CloseReason> all = new ArrayList<>(List.of(IDLE, DUPLICATE, REPLACED, HOST_CLOSED));
    for (SessionEnd end : SessionEnd.values()) {
      CloseReason reason = new CloseReason(end.label());
      BY_SESSION_END.put(end, reason);
      all.add(reason);
    }
    ALL = List.copyOf(all);
  }

  /** The connection ended without a word from either side: the remote closed it or it was lost. */
  static final CloseReason CONNECTION_LOST = of(SessionEnd.CONNECTION_LOST);

  private final String label;

  private CloseReason(String label) {
    this.label = label;
  }

  /** The reason for a connection whose Yamux session ended with {@code end}. */
  static CloseReason of(SessionEnd end) {
    return BY_SESSION_END.get(end);
  }

  /** Every reason, the host's first. */
  static List<CloseReason> values() {
    return ALL;
  }

  /** The tag value, e.g. {@code keep_alive_timeout}. */
  String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
