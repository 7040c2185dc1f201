package org.subnetp2p.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Netty channel with {@link OrderlyClose} against a plain socket, the remote: what a close does
 * on the wire.
 */
class OrderlyCloseTest {
  private static EventLoopGroup group;

  private ServerSocket listener;
  private Socket remote;
  private Channel channel;
  private final AtomicLong readByUs = new AtomicLong();

  @BeforeAll
  static void startGroup() {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopGroup() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void connect() throws IOException {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false) // what the remote sends stays in the kernel
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new OrderlyClose());
                    ch.pipeline()
                        .addLast(
                            new SimpleChannelInboundHandler<ByteBuf>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                readByUs.addAndGet(msg.readableBytes());
                              }
                            });
                  }
                })
            .connect(listener.getLocalSocketAddress())
            .syncUninterruptibly()
            .channel();
    remote = listener.accept();
    remote.setSoTimeout(10_000);
  }

  @AfterEach
  void close() throws IOException {
    channel.close().syncUninterruptibly();
    remote.close();
    listener.close();
  }

  /**
   * The case that lost data: the remote sent bytes we have not read when we close. A plain close
   * answers them with RST, and the kernel discards what it had not transmitted yet, the last bytes
   * written included. Here the close waits until all we wrote reached the socket (more than the
   * kernel buffers hold: the remote reads only after the close began), then half-closes; the remote
   * reads everything, then the end of stream, and the channel closes once the remote closed its
   * side.
   */
  @Test
  void theRemoteReadsAllWeWroteThenTheEndEvenWithOurInputUnread() throws Exception {
    remote.getOutputStream().write(new byte[] {1, 2, 3});
    remote.getOutputStream().flush();
    Thread.sleep(50); // in our kernel before we close
    byte[] sent = new byte[32 * 1024 * 1024];
    new Random(7).nextBytes(sent);
    channel.writeAndFlush(Unpooled.wrappedBuffer(sent));
    channel.close();

    byte[] received = readAll(remote.getInputStream(), sent.length);
    assertThat(received).isEqualTo(sent);
    assertThat(remote.getInputStream().read()).as("the end of stream, not a reset").isEqualTo(-1);
    assertThat(channel.isOpen()).as("open until the remote closes its side").isTrue();

    remote.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !channel.isOpen());
    assertThat(readByUs).as("the remote's bytes were read while waiting for its end").hasValue(3);
  }

  @Test
  void dataTheRemoteNeverReadsHoldsTheCloseABoundedTime() throws Exception {
    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[32 * 1024 * 1024]));
    channel.close();
    // The remote reads nothing: the close completes after OrderlyClose.FLUSH_TIMEOUT.
    assertThat(channel.closeFuture().await(LINGER_BOUND.toMillis())).isTrue();
  }

  @Test
  void aRemoteThatKeepsItsSideOpenIsWaitedForABoundedTime() throws Exception {
    channel.close();
    assertThat(remote.getInputStream().read()).isEqualTo(-1);
    assertThat(channel.isOpen()).isTrue();
    // The remote neither writes nor closes: the close completes after OrderlyClose.LINGER.
    assertThat(channel.closeFuture().await(LINGER_BOUND.toMillis())).isTrue();
  }

  @Test
  void anAbruptCloseDoesNotWaitForTheRemote() throws Exception {
    channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {9}));
    OrderlyClose.closeAbruptly(channel);
    // An orderly close would stay open for OrderlyClose.LINGER: the remote never closes.
    assertThat(channel.closeFuture().await(OrderlyClose.LINGER.toMillis() / 2)).isTrue();
    assertThat(remote.getInputStream().read()).isEqualTo(9);
    assertThat(remote.getInputStream().read()).isEqualTo(-1);
  }

  /** Generous: a bound on waiting, not a measurement. */
  private static final Duration LINGER_BOUND = OrderlyClose.LINGER.multipliedBy(5);

  private static byte[] readAll(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    assertThat(b).hasSize(n);
    return b;
  }
}
