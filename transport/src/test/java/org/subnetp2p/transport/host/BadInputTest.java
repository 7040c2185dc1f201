package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.multistream.MultistreamHandler;
import org.subnetp2p.transport.multistream.MultistreamMessages;
import org.subnetp2p.transport.noise.NoiseHandshakeHandler;
import org.subnetp2p.transport.noise.SecureSession;
import org.subnetp2p.transport.protocols.PingService;

/**
 * A misbehaving client that completes a real Noise handshake with the host and then breaks the
 * protocol. Each time only its own connection is closed: a well-behaved peer's connection to the
 * same host keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
  private final TestHosts hosts = new TestHosts();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  @AfterEach
  void close() {
    hosts.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private Channel securedRawChannel(NettyHost target) throws Exception {
    return securedRawChannel(target, "/noise");
  }

  /** Dials {@code target}, negotiates {@code security} and completes the Noise handshake. */
  private Channel securedRawChannel(NettyHost target, String security) throws Exception {
    Multiaddr address = target.dialableAddresses().get(0);
    String[] parts = address.withoutPeerId().toString().split("/");
    CompletableFuture<SecureSession> secured = new CompletableFuture<>();
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    c.pipeline()
                        .addLast(
                            MultistreamHandler.dialer(
                                List.of(security),
                                (ctx, p) -> {
                                  NoiseHandshakeHandler noise =
                                      new NoiseHandshakeHandler(
                                          true,
                                          Keys.generateEd25519(),
                                          Optional.of(target.peerId()),
                                          Duration.ofSeconds(10));
                                  ctx.pipeline().addAfter(ctx.name(), "noise", noise);
                                  noise
                                      .session()
                                      .whenComplete(
                                          (s, e) -> {
                                            if (e != null) {
                                              secured.completeExceptionally(e);
                                            } else {
                                              secured.complete(s);
                                            }
                                          });
                                }));
                  }
                })
            .connect(new InetSocketAddress(parts[2], Integer.parseInt(parts[4])))
            .sync()
            .channel();
    secured.get(10, TimeUnit.SECONDS);
    return ch;
  }

  private void assertAnotherPeerStillWorks(NettyHost target) throws Exception {
    NettyHost other = hosts.start();
    other.connect(target.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    assertThat(PingService.ping(other, target.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void encryptedGarbageInsteadOfMuxerNegotiationClosesOnlyThatConnection() throws Exception {
    NettyHost host = hosts.start();
    Channel bad = securedRawChannel(host);

    bad.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7}));

    assertThat(bad.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
    assertAnotherPeerStillWorks(host);
  }

  @Test
  void plaintextGarbageAfterTheHandshakeFailsDecryptionAndClosesOnlyThatConnection()
      throws Exception {
    NettyHost host = hosts.start();
    Channel bad = securedRawChannel(host);

    // Written below the cipher: a frame that cannot decrypt.
    bad.pipeline()
        .firstContext()
        .writeAndFlush(
            Unpooled.wrappedBuffer(
                new byte[] {
                  0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
                }));

    assertThat(bad.closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
    assertAnotherPeerStillWorks(host);
  }

  @Test
  void unknownMuxerIsRefusedAndTheConnectionClosedByTheDialer() throws Exception {
    NettyHost host = hosts.start();
    Channel bad = securedRawChannel(host);

    bad.writeAndFlush(
        Unpooled.wrappedBuffer(
            MultistreamMessages.encode(MultistreamMessages.HEADER, "/mplex/6.7.0")));

    // The host answers "na" and keeps waiting for a muxer it knows, until the handshake deadline.
    assertAnotherPeerStillWorks(host);
    bad.close();
  }

  @Test
  void noiseIsAlsoNegotiatedUnderTheHypertensorName() throws Exception {
    NettyHost host = hosts.start();

    Channel ch = securedRawChannel(host, "/pos-transport/1.0.0");

    assertThat(ch.isActive()).isTrue();
    ch.close();
  }

  @Test
  void inboundConnectionsBeyondTheLimitAreRefused() throws Exception {
    NettyHost host = hosts.start(c -> c.maxConnections(1));
    NettyHost first = hosts.start();
    first.connect(host.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);

    NettyHost second = hosts.start();
    assertThatThrownBy(
            () -> second.connect(host.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(DialException.class);
    assertThat(PingService.ping(first, host.peerId(), Duration.ofSeconds(10))).isPositive();
  }
}
