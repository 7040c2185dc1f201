package org.subnetp2p.core.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

  /**
   * Opens a stream for {@code protocol} without waiting for the remote to agree ("optimistic" or
   * lazy multistream-select): the proposal goes out with the first bytes written, so a request can
   * leave at once instead of one round trip later. Use it when there is exactly one protocol to
   * propose and the caller writes first, as a request/response client does.
   *
   * <p>The agreement is checked on the first read: if the remote refuses the protocol, that read
   * throws {@link ProtocolNotSupportedException}, or {@link StreamResetException} if the remote
   * reset the stream instead of waiting for another proposal. The returned stream has no deadlines
   * set: the caller's deadlines bound the negotiation too.
   *
   * <p>Implementations without optimistic selection negotiate first, like {@link #newStream}.
   */
  default CompletableFuture<Stream> newStreamOptimistic(String protocol) {
    return newStream(List.of(protocol));
  }

  /** Number of streams open on this connection right now. */
  int streamCount();

  /**
   * The smallest round-trip time measured on this connection so far (e.g. by the multiplexer's
   * keep-alive pings), for operators; empty before the first measurement or where the
   * implementation measures none.
   */
  default Optional<Duration> roundTripTime() {
    return Optional.empty();
  }

  /**
   * Whether the connection is still usable for new streams: false from the moment either side
   * begins to close it (streams already open may still finish).
   */
  boolean isOpen();

  /**
   * Closes the connection; its open streams are reset. Completes when the socket is closed.
   * Idempotent.
   */
  CompletableFuture<Void> close();
}
