package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.subnetp2p.transport.tcp.OrderlyClose;

/** Yamux sessions over real loopback TCP, with helpers shared by the tests. */
final class Loopback implements AutoCloseable {
  /** Serves one inbound stream on a virtual thread. */
  interface Handler {
    void handle(YamuxStream stream) throws Exception;
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Channel> channels = new CopyOnWriteArrayList<>();
  private final Map<YamuxSession, Channel> channelOf = new ConcurrentHashMap<>();
  // Added to on event loops: lock-free, as a LinkedBlockingQueue's add parks while the test's poll
  // holds its lock (BlockHound then failed the channel's set-up, once in CI).
  private final BlockingQueue<YamuxSession> accepted = new LinkedTransferQueue<>();

  /** Exceptions thrown by {@link #serve} handlers; tests that expect none assert it is empty. */
  final Queue<Throwable> handlerFailures = new ConcurrentLinkedQueue<>();

  /** Listens on 127.0.0.1, port 0; each accepted connection gets a server session. */
  InetSocketAddress listen(YamuxConfig config, Consumer<YamuxStream> inbound) {
    return listen(config, inbound, ch -> {});
  }

  /** Like {@link #listen(YamuxConfig, Consumer)}, adjusting each accepted channel first. */
  InetSocketAddress listen(
      YamuxConfig config, Consumer<YamuxStream> inbound, Consumer<SocketChannel> adjust) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    adjust.accept(ch);
                    ch.pipeline().addLast("orderly-close", new OrderlyClose());
                    YamuxSession session =
                        new YamuxSession(YamuxSession.Role.SERVER, inbound, config);
                    ch.pipeline().addLast("yamux", session);
                    channels.add(ch);
                    channelOf.put(session, ch);
                    accepted.add(session);
                  }
                });
    Channel server =
        bootstrap.bind(InetAddress.getLoopbackAddress(), 0).syncUninterruptibly().channel();
    channels.add(server);
    return (InetSocketAddress) server.localAddress();
  }

  /** Connects a client session to {@code address}. */
  YamuxSession connect(
      InetSocketAddress address, YamuxConfig config, Consumer<YamuxStream> inbound) {
    return connect(address, config, inbound, null);
  }

  /**
   * Connects a client session to {@code address}, with {@code below} between socket and session.
   */
  YamuxSession connect(
      InetSocketAddress address,
      YamuxConfig config,
      Consumer<YamuxStream> inbound,
      ChannelHandler below) {
    YamuxSession session = new YamuxSession(YamuxSession.Role.CLIENT, inbound, config);
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("orderly-close", new OrderlyClose());
                    if (below != null) {
                      ch.pipeline().addLast(below);
                    }
                    ch.pipeline().addLast("yamux", session);
                  }
                })
            .connect(address)
            .syncUninterruptibly()
            .channel();
    channels.add(channel);
    channelOf.put(session, channel);
    return session;
  }

  /** The next server session, in accept order. */
  YamuxSession nextAccepted() throws InterruptedException {
    YamuxSession session = accepted.poll(10, TimeUnit.SECONDS);
    assertThat(session).as("accepted session").isNotNull();
    return session;
  }

  Channel channel(YamuxSession session) {
    return channelOf.get(session);
  }

  /** Inbound streams run {@code handler} on a virtual thread each, then are closed. */
  Consumer<YamuxStream> serve(Handler handler) {
    return stream ->
        virtualThreads.execute(
            () -> {
              try (stream) {
                handler.handle(stream);
              } catch (Throwable e) {
                handlerFailures.add(e);
                stream.reset();
              }
            });
  }

  /** Runs {@code task} on a virtual thread and returns it, for tests that watch it block. */
  Thread start(Runnable task) {
    return Thread.ofVirtual().start(task);
  }

  ExecutorService virtualThreads() {
    return virtualThreads;
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      channel.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    virtualThreads.shutdownNow();
  }

  /** Delays everything the socket delivers, as a long path would; keeps the order. */
  static final class InboundDelay extends ChannelInboundHandlerAdapter {
    private final Duration delay;
    private final java.util.ArrayDeque<Object> pending = new java.util.ArrayDeque<>();

    InboundDelay(Duration delay) {
      this.delay = delay;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      pending.add(msg);
      ctx.executor()
          .schedule(
              () -> {
                Object next = pending.poll();
                if (next != null) {
                  ctx.fireChannelRead(next);
                }
              },
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // Reads still delayed would never be delivered: release them.
      pending.forEach(io.netty.util.ReferenceCountUtil::release);
      pending.clear();
      ctx.fireChannelInactive();
    }
  }

  // ---- Helpers. ----

  /** Echoes until the remote half-closes, then half-closes. */
  static void echo(YamuxStream stream) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = stream.read(buffer, 0, buffer.length)) >= 0) {
      stream.write(buffer, 0, n);
    }
    stream.closeWrite();
  }

  /** Reads until the remote half-closes. */
  static byte[] readToEnd(YamuxStream stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = stream.read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads exactly {@code n} bytes. */
  static byte[] readExactly(YamuxStream stream, int n) throws IOException {
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      int r = stream.read(out, done, n - done);
      if (r < 0) {
        throw new IOException("end of stream after " + done + " of " + n + " bytes");
      }
      done += r;
    }
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] data = new byte[n];
    new java.util.Random(seed).nextBytes(data);
    return data;
  }

  /**
   * Waits until {@code condition} holds: for states only observable from outside (a thread parked,
   * a buffer filled), polled with a short park, failing after {@code timeout}.
   */
  static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  static void awaitCondition(String what, BooleanSupplier condition) {
    awaitCondition(what, Duration.ofSeconds(10), condition);
  }

  /** Whether {@code thread} is parked (blocked on a lock condition), not running or done. */
  static boolean isBlocked(Thread thread) {
    Thread.State state = thread.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }
}
