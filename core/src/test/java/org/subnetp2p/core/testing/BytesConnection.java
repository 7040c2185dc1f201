package org.subnetp2p.core.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A connection to a fixed peer whose streams a test makes, e.g. {@link BytesStream}s holding what
 * the remote answers: for fuzz tests of code that opens its own streams.
 */
public final class BytesConnection implements Connection {
  /** An Ed25519 peer id that no key in the tests is expected to have. */
  private static final PeerId ANONYMOUS =
      PeerId.fromString("12D3KooWJ1TsijH7H5F74hfAD5XishQz3sxrmAtVY37GtNd9CqYf");

  private static final Multiaddr ADDRESS = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");

  private final PeerId remote;
  private final Function<List<String>, Stream> streams;

  /** A connection to {@code remote} whose {@link #newStream} returns what {@code streams} makes. */
  public BytesConnection(PeerId remote, Function<List<String>, Stream> streams) {
    this.remote = remote;
    this.streams = streams;
  }

  /** A connection to a fixed peer on which no stream can be opened. */
  public static BytesConnection anonymous() {
    return new BytesConnection(
        ANONYMOUS,
        protocols -> {
          throw new UnsupportedOperationException("no streams on this connection");
        });
  }

  @Override
  public PeerId remotePeer() {
    return remote;
  }

  @Override
  public Multiaddr remoteAddress() {
    return ADDRESS;
  }

  @Override
  public Multiaddr localAddress() {
    return ADDRESS;
  }

  @Override
  public Direction direction() {
    return Direction.OUTBOUND;
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    return CompletableFuture.completedFuture(streams.apply(protocols));
  }

  @Override
  public int streamCount() {
    return 0;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public CompletableFuture<Void> close() {
    return CompletableFuture.completedFuture(null);
  }
}
