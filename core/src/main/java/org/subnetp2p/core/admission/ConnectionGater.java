package org.subnetp2p.core.admission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Decides which peers may hold a connection to this host, e.g. only peers registered on-chain for
 * the subnet. The host asks at each stage; a refusal closes the connection at once, and the peer
 * learns nothing beyond that. A dial refused after the handshake fails with {@link
 * org.subnetp2p.core.host.NotAdmittedException}.
 *
 * <p>Called on network threads: answer from memory, never block. A gater whose answer may need a
 * lookup (a chain RPC) implements {@link #admitSecured} instead, which may complete later.
 */
public interface ConnectionGater extends AutoCloseable {

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

  /**
   * The asynchronous form of {@link #allowSecured}, which the host calls: a gater that knows the
   * answer returns a completed stage (the default asks {@link #allowSecured}); one that must look
   * it up returns a stage that completes when the lookup does, never blocking the calling thread.
   * Meanwhile the host holds the connection: nothing is read from it beyond a small bound, and the
   * host's handshake deadline still applies. A stage that fails counts as a refusal.
   */
  default CompletionStage<Boolean> admitSecured(PeerId peer, Direction direction) {
    return CompletableFuture.completedFuture(allowSecured(peer, direction));
  }

  /**
   * Called once the host has started, for gaters that act on connections already open (e.g. close
   * those of peers removed from a registry). The default does nothing.
   */
  default void start(Host host) {}

  /** Stops whatever the gater runs in the background. The default does nothing. */
  @Override
  default void close() {}
}
