package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;

/** Noise between two Netty peers over real TCP on 127.0.0.1. */
class NoiseLoopbackTest {
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final long WAIT_SECONDS = 20;

  private static EventLoopGroup group;

  private final PrivateKey serverKey = Keys.generateEd25519();
  private final PrivateKey clientKey = Keys.generateEd25519();
  private final PeerId serverId = PeerId.fromPublicKey(serverKey.publicKey());
  private final PeerId clientId = PeerId.fromPublicKey(clientKey.publicKey());
  private final LinkedTransferQueue<Peer> accepted = new LinkedTransferQueue<>();
  private Channel server;
  private final List<Channel> channels = new CopyOnWriteArrayList<>(); // closed after each test

  @BeforeAll
  static void startEventLoops() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  static void stopEventLoops() {
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterEach
  void closeChannels() {
    for (Channel channel : channels) {
      channel.close().syncUninterruptibly();
    }
  }

  /** One end of a connection: its channel, handshake handler and received-plaintext sink. */
  record Peer(Channel channel, NoiseHandshakeHandler handshake, Sink sink) {
    SecureSession session() throws Exception {
      return handshake.session().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Digests what arrives and completes a future once an expected number of bytes has. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    final CompletableFuture<SecureSession> sessionEvent = new CompletableFuture<>();
    private final MessageDigest digest = sha256();
    private long received;
    private long expected = Long.MAX_VALUE;

    private CompletableFuture<byte[]> done = new CompletableFuture<>();

    /** The SHA-256 of the next {@code count} bytes; call before they can arrive. */
    synchronized CompletableFuture<byte[]> expect(long count) {
      digest.reset();
      received = 0;
      expected = count;
      done = new CompletableFuture<>();
      return done;
    }

    @Override
    public synchronized void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        received += buf.readableBytes();
        digest.update(buf.nioBuffer());
        if (received > expected) {
          done.completeExceptionally(new AssertionError("more bytes than expected: " + received));
        } else if (received == expected) {
          done.complete(digest.digest());
        }
      } finally {
        buf.release();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SecureSession session) {
        sessionEvent.complete(session);
      }
      ctx.fireUserEventTriggered(evt);
    }
  }

  /** A server that answers anything with HTTP errors. */
  static final class AnswersWithHttp extends ChannelInboundHandlerAdapter {
    // "HT" reads as a frame length of 18516: send enough to complete that frame.
    private static final String RESPONSES =
        "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".repeat(400);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ((ByteBuf) msg).release();
      ctx.writeAndFlush(Unpooled.copiedBuffer(RESPONSES, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void handshakeAuthenticatesBothSidesAndInstallsTheCodec() throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of("/yamux/1.0.0"));
    Peer client = dial(Optional.of(serverId), List.of("/mplex/6.7.0", "/yamux/1.0.0"));
    Peer serverSide = accepted();

    SecureSession atClient = client.session();
    SecureSession atServer = serverSide.session();

    assertThat(atClient.remotePeerId()).isEqualTo(serverId);
    assertThat(atClient.remoteIdentityKey().marshal()).isEqualTo(serverKey.publicKey().marshal());
    assertThat(atClient.remoteStreamMuxers()).containsExactly("/yamux/1.0.0");
    assertThat(atServer.remotePeerId()).isEqualTo(clientId);
    assertThat(atServer.remoteStreamMuxers()).containsExactly("/mplex/6.7.0", "/yamux/1.0.0");
    assertThat(client.sink.sessionEvent.get(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(atClient);
    assertThat(serverSide.sink.sessionEvent.get(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(atServer);
    assertThat(onEventLoop(client.channel, () -> client.channel.pipeline().names()))
        .containsSubsequence(NoiseHandshakeHandler.CODEC_NAME, "sink")
        .doesNotContain("noise");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 65519, 65520, 1 << 20})
  void payloadsArriveIntactInBothDirections(int size) throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of());
    Peer client = dial(Optional.of(serverId), List.of());
    Peer serverSide = accepted();
    client.session();
    serverSide.session();
    byte[] toServer = randomBytes(size, 1);
    byte[] toClient = randomBytes(size, 2);
    CompletableFuture<byte[]> atServer = serverSide.sink.expect(size);
    CompletableFuture<byte[]> atClient = client.sink.expect(size);

    client.channel.writeAndFlush(Unpooled.wrappedBuffer(toServer));
    serverSide.channel.writeAndFlush(Unpooled.wrappedBuffer(toClient));

    assertThat(atServer.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(sha256(toServer));
    assertThat(atClient.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(sha256(toClient));
  }

  @Test
  void manySmallWritesArriveInOrder() throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of());
    Peer client = dial(Optional.empty(), List.of());
    Peer serverSide = accepted();
    client.session();
    serverSide.session();
    Random random = new Random(3);
    MessageDigest sent = sha256();
    int total = 0;
    byte[][] writes = new byte[20_000][];
    for (int i = 0; i < writes.length; i++) {
      writes[i] = randomBytes(1 + random.nextInt(100), i);
      sent.update(writes[i]);
      total += writes[i].length;
    }
    CompletableFuture<byte[]> atServer = serverSide.sink.expect(total);

    for (int i = 0; i < writes.length; i++) {
      if (i % 100 == 99) {
        client.channel.writeAndFlush(Unpooled.wrappedBuffer(writes[i]));
      } else {
        client.channel.write(Unpooled.wrappedBuffer(writes[i]));
      }
    }
    client.channel.flush();

    assertThat(atServer.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(sent.digest());
  }

  @Test
  void dialerExpectingAnotherPeerFailsAndCloses() throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of());
    PeerId someoneElse = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    Peer client = dial(Optional.of(someoneElse), List.of());

    Throwable failure = failure(client.handshake.session());
    assertThat(failure)
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("peer id mismatch")
        .hasMessageContaining(someoneElse.toBase58())
        .hasMessageContaining(serverId.toBase58());
    assertThat(client.channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    // The server never gets message 3, so it fails too once the dialer hangs up.
    assertThat(failure(accepted().handshake.session()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("connection closed before the handshake completed");
  }

  @Test
  void listenerRejectsGarbageInsteadOfAHandshake() throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of());
    Channel raw = rawConnection();
    // Any 32 bytes pass as message 1 (an ephemeral key), so send a frame that cannot be message 3.
    ByteBuf garbage = Unpooled.buffer();
    garbage.writeShort(40).writeBytes(randomBytes(40, 7));
    garbage.writeShort(200).writeBytes(randomBytes(200, 8));
    raw.writeAndFlush(garbage);

    assertThat(failure(accepted().handshake.session()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("invalid handshake message 3");
    assertThat(raw.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void dialerRejectsGarbageInsteadOfAHandshake() throws Exception {
    server = listen(ch -> ch.pipeline().addLast(new AnswersWithHttp()));
    Peer client = dial(Optional.empty(), List.of());

    assertThat(failure(client.handshake.session()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("invalid handshake message 2");
    assertThat(client.channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void garbledFrameClosesOnlyItsConnection() throws Exception {
    startServer(HANDSHAKE_TIMEOUT, List.of());
    Peer victim = dial(Optional.of(serverId), List.of());
    Peer victimAtServer = accepted();
    Peer bystander = dial(Optional.of(serverId), List.of());
    Peer bystanderAtServer = accepted();
    victim.session();
    victimAtServer.session();
    bystander.session();
    bystanderAtServer.session();

    // A maximal frame of random bytes, written beneath the codec.
    ByteBuf garbled = Unpooled.buffer().writeShort(65535).writeBytes(randomBytes(65535, 9));
    onEventLoop(
        victim.channel, () -> victim.channel.pipeline().firstContext().writeAndFlush(garbled));

    assertThat(victimAtServer.channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(victim.channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(bystander.channel.isActive()).isTrue();
    byte[] data = randomBytes(100_000, 10);
    CompletableFuture<byte[]> atServer = bystanderAtServer.sink.expect(data.length);
    bystander.channel.writeAndFlush(Unpooled.wrappedBuffer(data));
    assertThat(atServer.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(sha256(data));
  }

  @Test
  void silentPeerTimesOut() throws Exception {
    startServer(Duration.ofMillis(300), List.of());
    Channel raw = rawConnection(); // connects and says nothing

    assertThat(failure(accepted().handshake.session()))
        .isInstanceOf(NoiseHandshakeException.class)
        .hasMessageContaining("timed out after 300 ms");
    assertThat(raw.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  private void startServer(Duration timeout, List<String> muxers) throws InterruptedException {
    server =
        listen(
            ch -> {
              NoiseHandshakeHandler handshake =
                  new NoiseHandshakeHandler(false, serverKey, Optional.empty(), timeout, muxers);
              Sink sink = new Sink();
              ch.pipeline().addLast("noise", handshake).addLast("sink", sink);
              accepted.add(new Peer(ch, handshake, sink));
            });
  }

  private Channel listen(Consumer<SocketChannel> init) throws InterruptedException {
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    init.accept(ch);
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    channels.add(channel);
    return channel;
  }

  private Peer dial(Optional<PeerId> expected, List<String> muxers) throws InterruptedException {
    NoiseHandshakeHandler handshake =
        new NoiseHandshakeHandler(true, clientKey, expected, HANDSHAKE_TIMEOUT, muxers);
    Sink sink = new Sink();
    // Added at registration, before the connection is up: the first message waits for it.
    Channel channel =
        connect(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast("noise", handshake).addLast("sink", sink);
              }
            });
    return new Peer(channel, handshake, sink);
  }

  private Channel rawConnection() throws InterruptedException {
    return connect(
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
          }
        });
  }

  private Channel connect(ChannelHandler handler) throws InterruptedException {
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(handler)
            .connect((InetSocketAddress) server.localAddress())
            .sync()
            .channel();
    channels.add(channel);
    return channel;
  }

  private Peer accepted() throws InterruptedException {
    Peer peer = accepted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(peer).as("accepted connection").isNotNull();
    return peer;
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the handshake succeeded");
  }

  private static <T> T onEventLoop(Channel channel, Supplier<T> action) throws Exception {
    return channel.eventLoop().submit(action::get).get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] data) {
    return sha256().digest(data);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
