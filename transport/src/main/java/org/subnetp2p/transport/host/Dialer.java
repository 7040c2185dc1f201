package org.subnetp2p.transport.host;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.tcp.OrderlyClose;
import org.subnetp2p.transport.tcp.TcpAddresses;
import org.subnetp2p.transport.tcp.TcpChannels;

/**
 * Outbound connections: one dial per peer shared by all its callers ({@link SharedDial}), the
 * peer's addresses tried in turn, the gater's say on each, failing addresses reported to the
 * address book, and each connected channel upgraded and handed to the {@link ConnectionRegistry}.
 */
final class Dialer {
  private final NettyHost host;
  private final HostConfig config;
  private final EventLoopGroup group;
  private final ConnectionRegistry registry;
  private final Map<PeerId, SharedDial> dialsInFlight = new ConcurrentHashMap<>();

  Dialer(NettyHost host, EventLoopGroup group, ConnectionRegistry registry) {
    this.host = host;
    this.config = host.config();
    this.group = group;
    this.registry = registry;
  }

  /** The open connection to the address's peer, or a dial to it. */
  CompletableFuture<Connection> connect(Multiaddr address) {
    Optional<PeerId> id = address.peerId();
    if (id.isEmpty()) {
      return CompletableFuture.failedFuture(
          new DialException("cannot dial " + address + ": it has no /p2p/<peer id>"));
    }
    PeerId peer = id.get();
    if (peer.equals(host.peerId())) {
      return CompletableFuture.failedFuture(new DialException("cannot dial ourselves: " + address));
    }
    NettyConnection open = registry.open(peer);
    if (open != null) {
      return CompletableFuture.completedFuture(open);
    }
    return sharedDial(peer, List.of(address.withoutPeerId()));
  }

  /**
   * Joins the dial to {@code peer} in flight, or starts one. Each caller gets a future of its own:
   * cancelling it (a caller's deadline) leaves the others waiting, and the dial is abandoned only
   * once no caller waits for it. A finished dial is never joined.
   *
   * <p>Starting a dial, it looks again for an open connection: a dial that finished between the
   * caller's look and this one has registered its connection already, and a second connection to
   * the same peer would replace the first one, resetting every stream on it.
   */
  private CompletableFuture<Connection> sharedDial(PeerId peer, List<Multiaddr> addresses) {
    while (true) {
      SharedDial fresh = new SharedDial();
      SharedDial shared =
          dialsInFlight.compute(peer, (p, inFlight) -> inFlight != null ? inFlight : fresh);
      CompletableFuture<Connection> mine = shared.join();
      if (mine == null) { // finished or abandoned as we looked: it leaves the map at once
        dialsInFlight.remove(peer, shared);
        continue;
      }
      if (shared == fresh) {
        fresh.result.whenComplete((c, e) -> dialsInFlight.remove(peer, fresh));
        NettyConnection open = registry.open(peer);
        if (open != null) {
          fresh.result.complete(open);
        } else {
          dialNext(peer, addresses, 0, new ArrayList<>(), fresh);
        }
      }
      return mine;
    }
  }

  /** Dials {@code addresses} of {@code peer} in turn until one connects. */
  private void dialNext(
      PeerId peer, List<Multiaddr> addresses, int index, List<String> failures, SharedDial dial) {
    if (dial.abandoned()) {
      return;
    }
    if (host.isClosed()) {
      dial.result.completeExceptionally(new DialException("host is closed"));
      return;
    }
    if (index == addresses.size()) {
      dial.result.completeExceptionally(
          new DialException("cannot dial " + peer + ": " + String.join("; ", failures)));
      return;
    }
    Multiaddr address = addresses.get(index);
    dialOnce(peer, address, dial)
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                dial.result.complete(c);
                return;
              }
              if (e instanceof DialException d && d.getClass() != DialException.class) {
                dial.result.completeExceptionally(e); // a peer id mismatch: no point trying further
              } else if (addresses.size() == 1) {
                dial.result.completeExceptionally(e);
              } else {
                failures.add(address + ": " + e.getMessage());
                dialNext(peer, addresses, index + 1, failures, dial);
              }
            });
  }

  private CompletableFuture<Connection> dialOnce(PeerId peer, Multiaddr address, SharedDial dial) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    HostMeters meters = host.meters();
    if (!meters.gater(HostMeters.GaterStage.DIAL, config.gater().allowDial(peer, address))) {
      result.completeExceptionally(
          new DialException("dialling " + peer + " at " + address + " refused by the gater"));
      return result;
    }
    InetSocketAddress target;
    try {
      target = TcpAddresses.dialAddress(address);
    } catch (IOException | IllegalArgumentException e) {
      result.completeExceptionally(
          new DialException("cannot dial " + address + ": " + e.getMessage(), e));
      return result;
    }
    ConnectionUpgrade upgrade = new ConnectionUpgrade(host, Direction.OUTBOUND, Optional.of(peer));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpChannels.WATER_MARK)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("orderly-close", new OrderlyClose());
                    ch.pipeline().addLast("bytes", meters.byteCounter());
                    ch.pipeline().addLast("upgrade", upgrade);
                  }
                });
    ChannelFuture connecting = bootstrap.connect(target);
    dial.attempt.set(connecting.channel());
    if (dial.abandoned()) {
      connecting.channel().close();
    }
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            host.addressBook().markFailing(peer, address);
            result.completeExceptionally(
                new DialException(
                    "cannot connect to " + address + ": " + f.cause().getMessage(), f.cause()));
          } else {
            TcpChannels.limitHandshake(
                connecting.channel(), upgrade.result(), config.dialTimeout());
          }
        });
    upgrade
        .result()
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                host.addressBook().markFailing(peer, address);
                result.completeExceptionally(e);
              } else {
                result.complete(registry.register(c));
              }
            });
    return result;
  }
}
