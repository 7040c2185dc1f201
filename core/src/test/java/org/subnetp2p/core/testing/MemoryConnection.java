package org.subnetp2p.core.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** One side of an in-memory connection between two {@link MemoryHost}s. */
final class MemoryConnection implements Connection {
  private final MemoryHost local;
  private final MemoryHost remote;
  private final Direction direction;
  private final AtomicInteger streams = new AtomicInteger();
  private volatile MemoryConnection other;
  private volatile boolean open = true;

  MemoryConnection(MemoryHost local, MemoryHost remote, Direction direction) {
    this.local = local;
    this.remote = remote;
    this.direction = direction;
  }

  static MemoryConnection[] pair(MemoryHost dialer, MemoryHost listener) {
    MemoryConnection out = new MemoryConnection(dialer, listener, Direction.OUTBOUND);
    MemoryConnection in = new MemoryConnection(listener, dialer, Direction.INBOUND);
    out.other = in;
    in.other = out;
    return new MemoryConnection[] {out, in};
  }

  @Override
  public PeerId remotePeer() {
    return remote.peerId();
  }

  @Override
  public Multiaddr remoteAddress() {
    return remote.address();
  }

  @Override
  public Multiaddr localAddress() {
    return local.address();
  }

  @Override
  public Direction direction() {
    return direction;
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    for (String protocol : protocols) {
      StreamHandler handler = remote.handler(protocol);
      if (handler != null) {
        MemoryStream[] pair = MemoryStream.pair(protocol, this, other);
        local.streamOpened(pair[0]);
        remote.dispatch(handler, pair[1]);
        streams.incrementAndGet();
        return CompletableFuture.completedFuture(pair[0]);
      }
    }
    return CompletableFuture.failedFuture(
        new ProtocolNotSupportedException(remote.peerId(), protocols));
  }

  @Override
  public int streamCount() {
    return streams.get();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public CompletableFuture<Void> close() {
    open = false;
    return CompletableFuture.completedFuture(null);
  }
}
