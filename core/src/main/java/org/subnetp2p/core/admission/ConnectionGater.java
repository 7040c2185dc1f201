package org.subnetp2p.core.admission;

import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Decides which peers may hold a connection to this host, e.g. only peers registered on-chain for
 * the subnet. The host asks at each stage; a refusal closes the connection at once, and the peer
 * learns nothing beyond that.
 *
 * <p>Called on network threads: answer from memory, never block.
 */
public interface ConnectionGater {

  /** Admits everyone. */
  ConnectionGater ALLOW_ALL = (peer, direction) -> true;

  /** Before dialling {@code peer} at {@code address}. */
  default boolean allowDial(PeerId peer, Multiaddr address) {
    return true;
  }

  /** When a TCP connection from {@code remote} arrives, before any handshake. */
  default boolean allowAccept(Multiaddr remote) {
    return true;
  }

  /**
   * Right after the security handshake, when the remote's identity is proven and before any stream
   * is opened.
   */
  boolean allowSecured(PeerId peer, Direction direction);
}
