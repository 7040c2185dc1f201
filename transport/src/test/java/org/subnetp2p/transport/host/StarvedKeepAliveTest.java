package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A node whose event loop stalls (CPU starvation, a GC pause, a burst of handshakes) must not call
 * an answering peer dead. Here the server's only event loop blocks in the middle of reading its
 * sockets, past its keep-alive deadline, while the peer's answer arrives: the answer is in the
 * socket, unread, when the deadline check runs. This is how a loaded server dropped thousands of
 * idle connections in {@code ConnectionScale}.
 */
class StarvedKeepAliveTest {
  private static final Duration TIMEOUT = Duration.ofMillis(1500);
  private static final Duration STALL = TIMEOUT.multipliedBy(2);

  private final EventLoopGroup serverLoop =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup clientLoop =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<NettyHost> hosts = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private long spins; // the stall's busy work, on the server's loop

  @AfterEach
  void close() {
    hosts.forEach(NettyHost::close);
    channels.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
    serverLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    clientLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  @Test
  void aPeerWhoseAnswerWaitsUnreadBehindAStallIsNotDeclaredDead() throws Exception {
    MeterRegistry serverMeters = new SimpleMeterRegistry();
    NettyHost server =
        start(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .meterRegistry(serverMeters)
                .keepAliveInterval(Duration.ofSeconds(1))
                .keepAliveTimeout(TIMEOUT)
                .build(),
            serverLoop);
    NettyHost client =
        start(
            HostConfig.builder(Keys.generateEd25519())
                .meterRegistry(new SimpleMeterRegistry())
                .keepAliveInterval(Duration.ZERO) // only the server pings
                .build(),
            clientLoop);

    // A plain TCP pair whose accepted side lives on the server's event loop: one byte written to
    // it stalls that loop inside its read of the sockets, as a long burst of work would.
    CompletableFuture<Void> stalled = new CompletableFuture<>();
    Channel stallTrigger = stallOnServerLoop(stalled);

    NettyConnection c =
        (NettyConnection)
            client.connect(server.dialableAddresses().get(0)).get(30, TimeUnit.SECONDS);
    // Quiet first: identify done both ways, no stream left, the server's first RTT sample taken.
    client.identifyService().identified(server.peerId()).get(30, TimeUnit.SECONDS);
    // The listener records the connection a moment after the dialer's connect completes: until
    // then its identify service has seen no connection to the client (seen in CI).
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(server.identifyService().identified(client.peerId()))
                    .succeedsWithin(Duration.ofSeconds(30)));
    NettyConnection atServer = (NettyConnection) server.connection(client.peerId()).orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                c.streamCount() == 0
                    && atServer.streamCount() == 0
                    && atServer.roundTripTime().isPresent());

    // The client holds what the server sends next (its keep-alive ping) until the server's loop
    // is stalled; the first byte of it starts the stall. So the answer reaches the server while
    // its loop is stuck, and stays unread past the ping's deadline.
    c.channel()
        .pipeline()
        .addFirst("hold", new HoldUntil(stalled, () -> stallTrigger.writeAndFlush(oneByte())));

    stalled.get(30, TimeUnit.SECONDS);
    // A ping queued during the stall is answered after the held answer has been read (one TCP
    // stream, in order), so after the deadline check and its last look have run; one more task on
    // the server's loop lets a close they decided take effect.
    atServer.session().ping().handle((rtt, e) -> null).get(30, TimeUnit.SECONDS);
    serverLoop.submit(() -> {}).get(30, TimeUnit.SECONDS);

    assertThat(atServer.isOpen())
        .as(
            "the server's connection (closed: %s %s)",
            atServer.closeReason().label(), atServer.closeDetail())
        .isTrue();
    assertThat(
            serverMeters
                .get("subnet.connections.closed")
                .tags("reason", "keep_alive_timeout")
                .counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  private NettyHost start(HostConfig config, EventLoopGroup group) throws Exception {
    NettyHost host = new NettyHost(config, group);
    hosts.add(host);
    host.start();
    return host;
  }

  private Channel stallOnServerLoop(CompletableFuture<Void> stalled) throws Exception {
    Channel acceptor =
        new ServerBootstrap()
            .group(serverLoop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                stalled.complete(null);
                                // The stall under test: work that holds the loop (spinning, as
                                // a burst of handshakes would; not a blocking call).
                                long until = System.nanoTime() + STALL.toNanos();
                                while (System.nanoTime() < until) {
                                  spins++;
                                }
                              }
                            });
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    channels.add(acceptor);
    Channel trigger =
        new Bootstrap()
            .group(clientLoop)
            .channel(NioSocketChannel.class)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(acceptor.localAddress())
            .sync()
            .channel();
    channels.add(trigger);
    return trigger;
  }

  private static ByteBuf oneByte() {
    return Unpooled.wrappedBuffer(new byte[] {1});
  }

  /** Holds inbound bytes from the moment they arrive until {@code release} completes. */
  private static final class HoldUntil extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Void> release;
    private final Runnable onFirst;
    private final List<Object> held = new ArrayList<>();
    private boolean released;

    HoldUntil(CompletableFuture<Void> release, Runnable onFirst) {
      this.release = release;
      this.onFirst = onFirst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (released) {
        ctx.fireChannelRead(msg);
        return;
      }
      held.add(msg);
      if (held.size() == 1) {
        release.thenRun(() -> ctx.executor().execute(() -> flush(ctx)));
        onFirst.run();
      }
    }

    private void flush(ChannelHandlerContext ctx) {
      released = true;
      held.forEach(ctx::fireChannelRead);
      held.clear();
      ctx.fireChannelReadComplete();
    }
  }
}
