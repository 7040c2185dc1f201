package org.subnetp2p.testkit;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** One end of a simulated connection between two {@link SimHost}s. */
final class SimConnection implements Connection {
  private final SimNetwork network;
  private final SimHost local;
  private final SimHost remote;
  private final Direction direction;
  private final Set<SimStream> streams = ConcurrentHashMap.newKeySet();
  private volatile SimConnection other;
  private volatile boolean open = true;

  private SimConnection(SimNetwork network, SimHost local, SimHost remote, Direction direction) {
    this.network = network;
    this.local = local;
    this.remote = remote;
    this.direction = direction;
  }

  /** A connected pair: {@code [0]} is the dialer's end, {@code [1]} the listener's. */
  static SimConnection[] pair(SimNetwork network, SimHost dialer, SimHost listener) {
    SimConnection out = new SimConnection(network, dialer, listener, Direction.OUTBOUND);
    SimConnection in = new SimConnection(network, listener, dialer, Direction.INBOUND);
    out.other = in;
    in.other = out;
    return new SimConnection[] {out, in};
  }

  SimNetwork network() {
    return network;
  }

  SimHost localHost() {
    return local;
  }

  SimHost remoteHost() {
    return remote;
  }

  SimConnection other() {
    return other;
  }

  /** Whether this end's host crashed: its own calls fail at once. */
  boolean isDead() {
    return local.isCrashed();
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
    CompletableFuture<Stream> result = new CompletableFuture<>();
    if (!open || isDead()) {
      result.completeExceptionally(new StreamResetException("connection closed"));
      return result;
    }
    if (!network.reachable(local, remote)) {
      // The proposal never gets an answer: the negotiation deadline is all that ends it.
      long timeout = local.config().negotiationTimeout().toNanos();
      network.after(
          timeout,
          () ->
              result.completeExceptionally(
                  new SocketTimeoutException(
                      "negotiation with " + remote.peerId() + " did not finish in time")));
      return result;
    }
    network.after(
        network.roundTripNanos(),
        () -> {
          String chosen =
              protocols.stream().filter(p -> remote.handler(p) != null).findFirst().orElse(null);
          if (chosen == null) {
            result.completeExceptionally(
                new ProtocolNotSupportedException(remote.peerId(), protocols));
          } else if (!open) {
            result.completeExceptionally(new StreamResetException("connection closed"));
          } else {
            result.complete(open(chosen, remote.handler(chosen)));
          }
        });
    return result;
  }

  @Override
  public CompletableFuture<Stream> newStreamOptimistic(String protocol) {
    if (!open || isDead()) {
      return CompletableFuture.failedFuture(new StreamResetException("connection closed"));
    }
    StreamHandler handler = remote.handler(protocol);
    if (handler == null) {
      return CompletableFuture.completedFuture(SimStream.refused(protocol, this, network));
    }
    return CompletableFuture.completedFuture(open(protocol, handler));
  }

  /** Opens a stream pair and hands the remote end to {@code handler}. */
  private SimStream open(String protocol, StreamHandler handler) {
    SimStream[] pair = SimStream.pair(protocol, this, other, network);
    streams.add(pair[0]);
    network.counters().streamOpened(protocol);
    if (!network.reachable(local, remote) || network.lose()) {
      pair[0].silence();
      return pair[0];
    }
    if (other.streams.size() >= remote.config().maxInboundStreamsPerConnection()) {
      pair[0].reset("inbound stream limit of " + remote.peerId() + " reached");
      return pair[0];
    }
    other.streams.add(pair[1]);
    remote.dispatch(handler, pair[1]);
    return pair[0];
  }

  void streamFinished(SimStream stream) {
    streams.remove(stream);
  }

  @Override
  public int streamCount() {
    return streams.size();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public CompletableFuture<Void> close() {
    closeBothEnds("connection closed");
    return CompletableFuture.completedFuture(null);
  }

  /** Closes this end and the remote's, resetting their streams and telling both hosts. */
  void closeBothEnds(String reason) {
    for (SimConnection c : List.of(this, other)) {
      if (c.open) {
        c.open = false;
        c.streams.forEach(s -> s.reset(reason));
        c.streams.clear();
        c.local.connectionClosed(c);
      }
    }
  }

  /**
   * The local host crashed: this end dies, the remote end is not told, and every stream goes silent
   * for the remote.
   */
  void crash() {
    open = false;
    streams.forEach(SimStream::silence);
    other.streams.forEach(SimStream::silence);
    streams.clear();
  }

  @Override
  public String toString() {
    return "sim connection " + local.peerId() + " -> " + remote.peerId();
  }
}
