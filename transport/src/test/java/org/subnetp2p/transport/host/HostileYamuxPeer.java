package org.subnetp2p.transport.host;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.transport.multistream.MultistreamHandler;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.noise.NoiseHandshakeHandler;

/**
 * A peer that completes a real connection upgrade with a host (multistream-select, Noise, Yamux
 * negotiated) and then writes Yamux frames by hand, as the spec lays them out, to break the rules.
 * Frames the host sends back are parsed and kept for inspection. Public, in the test-jar, for the
 * {@code bench} module's {@code HostileHeap}.
 */
public final class HostileYamuxPeer implements AutoCloseable {
  public static final int DATA = 0;
  public static final int WINDOW_UPDATE = 1;
  public static final int PING = 2;
  public static final int GO_AWAY = 3;
  public static final int SYN = 1;
  public static final int ACK = 2;
  public static final int FIN = 4;
  public static final int RST = 8;

  /** A frame received from the host; {@code data} is empty except for data frames. */
  record Frame(int type, int flags, int streamId, long length, byte[] data) {
    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  private final Channel channel;
  private final ConcurrentLinkedQueue<byte[]> received;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // test thread only

  private HostileYamuxPeer(Channel channel, ConcurrentLinkedQueue<byte[]> received) {
    this.channel = channel;
    this.received = received;
  }

  /** Connects to {@code host} and negotiates Noise and Yamux, as a well-behaved dialer would. */
  public static HostileYamuxPeer connect(NettyHost host, EventLoopGroup group) throws Exception {
    String[] parts = host.dialableAddresses().get(0).withoutPeerId().toString().split("/");
    CompletableFuture<Channel> ready = new CompletableFuture<>();
    ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
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
                                List.of("/noise"),
                                (ctx, p) -> {
                                  NoiseHandshakeHandler noise =
                                      new NoiseHandshakeHandler(
                                          true,
                                          Keys.generateEd25519(),
                                          Optional.of(host.peerId()),
                                          Duration.ofSeconds(10));
                                  ctx.pipeline().addAfter(ctx.name(), "noise", noise);
                                  noise
                                      .session()
                                      .whenComplete(
                                          (s, e) -> {
                                            if (e != null) {
                                              ready.completeExceptionally(e);
                                            } else {
                                              negotiateMuxer(ctx.channel(), received, ready);
                                            }
                                          });
                                }));
                  }
                })
            .connect(new InetSocketAddress(parts[2], Integer.parseInt(parts[4])))
            .sync()
            .channel();
    ready.get(10, TimeUnit.SECONDS);
    return new HostileYamuxPeer(ch, received);
  }

  private static void negotiateMuxer(
      Channel ch, ConcurrentLinkedQueue<byte[]> received, CompletableFuture<Channel> ready) {
    MultistreamHandler muxer =
        MultistreamHandler.dialer(
            List.of("/yamux/1.0.0"),
            (ctx, p) ->
                ctx.pipeline()
                    .addAfter(
                        ctx.name(),
                        "collect",
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelRead(ChannelHandlerContext c, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            byte[] bytes = new byte[b.readableBytes()];
                            b.readBytes(bytes);
                            b.release();
                            received.add(bytes);
                          }
                        }));
    ch.pipeline().addLast("multistream-muxer", muxer);
    muxer
        .result()
        .whenComplete(
            (p, e) -> {
              if (e != null) {
                ready.completeExceptionally(e);
              } else {
                ready.complete(ch);
              }
            });
  }

  /** Stops reading from the socket: what the host sends piles up in its buffers. */
  public void stopReading() throws Exception {
    channel.eventLoop().submit(() -> channel.config().setAutoRead(false)).get(5, TimeUnit.SECONDS);
  }

  /** Writes one frame header and payload. */
  public void send(int type, int flags, int streamId, long length, byte[] payload) {
    ByteBuf out = channel.alloc().buffer(12 + payload.length);
    out.writeByte(0);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
    out.writeBytes(payload);
    channel.writeAndFlush(out);
  }

  /** A header only: a window update, ping, GoAway, or data flags. */
  public void send(int type, int flags, int streamId, long length) {
    send(type, flags, streamId, length, new byte[0]);
  }

  /** A data frame carrying {@code payload}. */
  public void sendData(int flags, int streamId, byte[] payload) {
    send(DATA, flags, streamId, payload.length, payload);
  }

  /** Opens stream {@code id} with a multistream proposal for {@code protocol} and {@code data}. */
  public void openWithProposal(int id, String protocol, byte[] data) {
    byte[] proposal = StreamNegotiator.optimisticProposal(protocol);
    byte[] all = new byte[proposal.length + data.length];
    System.arraycopy(proposal, 0, all, 0, proposal.length);
    System.arraycopy(data, 0, all, proposal.length, data.length);
    sendData(SYN, id, all);
  }

  /** Waits until everything written so far has left, or the channel closed. */
  public void flushed() throws Exception {
    channel.writeAndFlush(channel.alloc().buffer(0)).await(30, TimeUnit.SECONDS);
  }

  /** Whether the host closed the connection (or it was lost). */
  public boolean isClosed() {
    return !channel.isActive();
  }

  /** The channel's close, to await. */
  public io.netty.channel.ChannelFuture closeFuture() {
    return channel.closeFuture();
  }

  /** Every whole frame received since the last call. */
  List<Frame> frames() {
    for (byte[] b; (b = received.poll()) != null; ) {
      pending.writeBytes(b);
    }
    byte[] all = pending.toByteArray();
    List<Frame> frames = new ArrayList<>();
    int i = 0;
    while (all.length - i >= 12) {
      int type = all[i + 1] & 0xff;
      int flags = ((all[i + 2] & 0xff) << 8) | (all[i + 3] & 0xff);
      int id = readInt(all, i + 4);
      long length = Integer.toUnsignedLong(readInt(all, i + 8));
      int body = type == DATA ? (int) length : 0;
      if (all.length - i - 12 < body) {
        break;
      }
      byte[] data = new byte[body];
      System.arraycopy(all, i + 12, data, 0, body);
      frames.add(new Frame(type, flags, id, length, data));
      i += 12 + body;
    }
    pending.reset();
    pending.write(all, i, all.length - i);
    return frames;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
