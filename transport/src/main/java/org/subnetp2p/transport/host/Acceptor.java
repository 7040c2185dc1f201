package org.subnetp2p.transport.host;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.tcp.OrderlyClose;
import org.subnetp2p.transport.tcp.TcpAddresses;
import org.subnetp2p.transport.tcp.TcpChannels;

/**
 * Inbound connections: the server channels on the listen addresses, the gater's and the connection
 * limit's say on each accepted channel, and its upgrade, whose result goes to the {@link
 * ConnectionRegistry}.
 */
final class Acceptor {
  private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

  private final NettyHost host;
  private final HostConfig config;
  private final EventLoopGroup group;
  private final ConnectionRegistry registry;
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final AtomicInteger inboundConnections = new AtomicInteger();
  private final AcceptBackoff.Warnings acceptWarnings = new AcceptBackoff.Warnings();

  Acceptor(NettyHost host, EventLoopGroup group, ConnectionRegistry registry) {
    this.host = host;
    this.config = host.config();
    this.group = group;
    this.registry = registry;
  }

  /** Binds every configured listen address; on failure the caller closes what was bound. */
  void listen() throws IOException {
    ServerBootstrap server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel listener) {
                    listener
                        .pipeline()
                        .addLast(
                            "accept-backoff", new AcceptBackoff(acceptWarnings, host.meters()));
                  }
                })
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, TcpChannels.WATER_MARK)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    accept(ch);
                  }
                });
    for (Multiaddr address : config.listenAddresses()) {
      InetSocketAddress bind = TcpAddresses.bindAddress(address);
      ChannelFuture bound = server.bind(bind).awaitUninterruptibly();
      if (!bound.isSuccess()) {
        Throwable cause = bound.cause();
        throw new IOException(
            "cannot listen on "
                + address
                + ": "
                + (cause instanceof BindException ? "address already in use" : cause.getMessage()),
            cause);
      }
      serverChannels.add(bound.channel());
      listenAddresses.addAll(
          TcpAddresses.dialable((InetSocketAddress) bound.channel().localAddress()));
    }
  }

  /** The dialable addresses bound so far. */
  List<Multiaddr> listenAddresses() {
    return List.copyOf(listenAddresses);
  }

  /** Stops accepting: closes the server channels (accepted connections stay). */
  void close() {
    for (Channel server : serverChannels) {
      server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private void accept(SocketChannel ch) {
    Multiaddr remote = TcpAddresses.of(ch.remoteAddress());
    HostMeters meters = host.meters();
    if (!host.isStarted()
        || !meters.gater(HostMeters.GaterStage.ACCEPT, config.gater().allowAccept(remote))) {
      ch.close();
      return;
    }
    if (inboundConnections.incrementAndGet() > config.maxConnections()) {
      inboundConnections.decrementAndGet();
      LOG.warn(
          "refusing connection from {}: {} connections already", remote, config.maxConnections());
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> inboundConnections.decrementAndGet());
    ch.pipeline().addLast("orderly-close", new OrderlyClose());
    ch.pipeline().addLast("bytes", meters.byteCounter());
    ConnectionUpgrade upgrade = new ConnectionUpgrade(host, Direction.INBOUND, Optional.empty());
    ch.pipeline().addLast("upgrade", upgrade);
    TcpChannels.limitHandshake(ch, upgrade.result(), config.dialTimeout());
    upgrade
        .result()
        .whenComplete(
            (c, e) -> {
              if (e != null) {
                logUpgradeFailure(remote, e);
              } else {
                registry.register(c);
              }
            });
  }

  /**
   * One line per failed inbound connection. When the connection was closed under us, the layer that
   * closed it has already said why, so we only add a debug line.
   */
  private static void logUpgradeFailure(Multiaddr remote, Throwable e) {
    // Per attempt, so DEBUG: anyone can make them. A refused peer is logged by the gater, once per
    // peer and interval.
    LOG.debug("inbound connection from {} failed: {}", remote, e.getMessage());
  }
}
