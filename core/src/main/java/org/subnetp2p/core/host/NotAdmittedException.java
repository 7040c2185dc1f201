package org.subnetp2p.core.host;

import java.util.Objects;
import org.subnetp2p.core.identity.PeerId;

/**
 * The connection was cut right after the security handshake because admission refused it: either
 * this host's {@link org.subnetp2p.core.admission.ConnectionGater} refused the peer, or the peer we
 * dialled closed the connection as soon as it learned who we are. Nothing else was exchanged.
 *
 * <p>A remote close at that point has two causes the wire does not tell apart (libp2p has no
 * refusal message): the peer's gater refused us (e.g. we are not registered for its subnet), or the
 * peer gave up on the handshake (an overloaded peer that did not finish it within its own
 * deadline). The message names both, and how long the handshake took.
 */
public final class NotAdmittedException extends DialException {
  private static final long serialVersionUID = 1L;

  /** Which side refused. */
  public enum RefusedBy {
    /** This host's gater refused the peer. */
    LOCAL,
    /**
     * The remote peer closed the connection right after the handshake: its gater refused us, or it
     * gave up on the handshake.
     */
    REMOTE
  }

  private final transient PeerId peer;
  private final RefusedBy refusedBy;

  /** A refusal of the connection with {@code peer}, by {@code refusedBy}. */
  public NotAdmittedException(PeerId peer, RefusedBy refusedBy) {
    this(peer, refusedBy, "");
  }

  /**
   * Like {@link #NotAdmittedException(PeerId, RefusedBy)}, with {@code hint} ending the message.
   */
  public NotAdmittedException(PeerId peer, RefusedBy refusedBy, String hint) {
    super(message(peer, refusedBy) + hint);
    this.peer = Objects.requireNonNull(peer, "peer");
    this.refusedBy = Objects.requireNonNull(refusedBy, "refusedBy");
  }

  private static String message(PeerId peer, RefusedBy refusedBy) {
    return switch (refusedBy) {
      case LOCAL -> "peer " + peer + " is not admitted by this node's connection gater";
      case REMOTE ->
          "peer "
              + peer
              + " closed the connection right after the security handshake: it does not admit"
              + " this node (e.g. not registered for its subnet), or it gave up on the handshake"
              + " (e.g. overloaded)";
    };
  }

  /** The peer whose connection was refused. */
  public PeerId peer() {
    return peer;
  }

  /** Which side refused. */
  public RefusedBy refusedBy() {
    return refusedBy;
  }
}
