package org.subnetp2p.core.host;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** A secured, multiplexed connection to one authenticated peer. */
public interface Connection {

  /** The peer at the other end, authenticated by the security handshake. */
  PeerId remotePeer();

  /** The remote end's address as seen by this host, without {@code /p2p/}. */
  Multiaddr remoteAddress();

  /** This host's end of the connection. */
  Multiaddr localAddress();

  /** Whether we dialled ({@link Direction#OUTBOUND}) or were dialled. */
  Direction direction();

  /**
   * Opens a stream and negotiates the first of {@code protocols} that the remote supports, in order
   * of preference.
   *
   * <p>The future fails with {@link ProtocolNotSupportedException} if the remote supports none of
   * them, {@link StreamResetException} if the connection drops, or {@link
   * java.net.SocketTimeoutException} if negotiation does not finish within the host's negotiation
   * timeout.
   */
  CompletableFuture<Stream> newStream(List<String> protocols);

  /** Number of streams open on this connection right now. */
  int streamCount();

  /** Whether the connection is still usable. */
  boolean isOpen();

  /**
   * Closes the connection; its open streams are reset. Completes when the socket is closed.
   * Idempotent.
   */
  CompletableFuture<Void> close();
}
