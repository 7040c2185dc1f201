package org.subnetp2p.transport.host;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.transport.multistream.MultistreamHandler;
import org.subnetp2p.transport.noise.NoiseHandshakeHandler;
import org.subnetp2p.transport.noise.SecureSession;
import org.subnetp2p.transport.yamux.YamuxSession;

/**
 * Turns a fresh TCP channel into a libp2p connection, one stage at a time: multistream-select picks
 * the security protocol, Noise authenticates the peer, the gater admits it, multistream- select
 * picks the muxer, Yamux takes over. Each stage installs the next one in the pipeline before the
 * bytes behind its last message flow on, so nothing is lost between stages.
 *
 * <p>It sits at the tail of the pipeline until the muxer is installed, then removes itself. A
 * failure at any stage fails {@link #result()} and closes the channel.
 */
final class ConnectionUpgrade extends ChannelInboundHandlerAdapter {
  /** Noise under its libp2p name, and under the name Hypertensor subnet nodes negotiate. */
  static final List<String> SECURITY_PROTOCOLS = List.of("/noise", "/pos-transport/1.0.0");

  static final List<String> MUXER_PROTOCOLS = List.of("/yamux/1.0.0");

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionUpgrade.class);

  private final NettyHost host;
  private final Direction direction;
  private final Optional<PeerId> expectedPeer;
  private final CompletableFuture<NettyConnection> result = new CompletableFuture<>();
  private SecureSession secured;

  ConnectionUpgrade(NettyHost host, Direction direction, Optional<PeerId> expectedPeer) {
    this.host = host;
    this.direction = direction;
    this.expectedPeer = expectedPeer;
  }

  /** Completes with the ready connection, or fails with the stage that went wrong. */
  CompletableFuture<NettyConnection> result() {
    return result;
  }

  private boolean dialing() {
    return direction == Direction.OUTBOUND;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    MultistreamHandler security =
        dialing()
            ? MultistreamHandler.dialer(List.of(SECURITY_PROTOCOLS.get(0)), this::secure)
            : MultistreamHandler.listener(SECURITY_PROTOCOLS, this::secure);
    ctx.pipeline().addBefore(ctx.name(), "multistream-security", security);
    security.result().whenComplete((p, e) -> failIf(ctx, e, "negotiating the security protocol"));
  }

  private void secure(ChannelHandlerContext msCtx, String protocol) {
    NoiseHandshakeHandler noise =
        new NoiseHandshakeHandler(
            dialing(), host.noiseIdentity(), expectedPeer, host.config().dialTimeout());
    msCtx.pipeline().addAfter(msCtx.name(), "noise-handshake", noise);
    noise.session().whenComplete((s, e) -> failIf(msCtx, e, "the Noise handshake"));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (!(event instanceof SecureSession session)) {
      super.userEventTriggered(ctx, event);
      return;
    }
    secured = session;
    PeerId peer = session.remotePeerId();
    if (!host.config().gater().allowSecured(peer, direction)) {
      LOG.info(
          "refusing {} connection with {}: not admitted by the connection gater",
          direction.name().toLowerCase(java.util.Locale.ROOT),
          peer);
      fail(ctx, new DialException("peer " + peer + " was refused by the connection gater"));
      return;
    }
    MultistreamHandler muxer =
        dialing()
            ? MultistreamHandler.dialer(MUXER_PROTOCOLS, this::multiplex)
            : MultistreamHandler.listener(MUXER_PROTOCOLS, this::multiplex);
    ctx.pipeline().addBefore(ctx.name(), "multistream-muxer", muxer);
    muxer.result().whenComplete((p, e) -> failIf(ctx, e, "negotiating the stream muxer"));
  }

  private void multiplex(ChannelHandlerContext msCtx, String protocol) {
    NettyConnection connection =
        new NettyConnection(host, msCtx.channel(), secured.remotePeerId(), direction);
    YamuxSession session = host.newMuxerSession(connection, dialing());
    connection.attach(session);
    // Streams write from their own threads, each frame a writeAndFlush. Deferring each flush to
    // the end of the event loop's current batch of tasks (or of the current read) lets the frames
    // written meanwhile leave together: one Noise frame and one socket write instead of one per
    // Yamux frame. 256 flushes in a row go out at once, bounding the delay under a flood.
    msCtx
        .pipeline()
        .addAfter(msCtx.name(), "flush-consolidation", new FlushConsolidationHandler(256, true));
    msCtx.pipeline().addAfter("flush-consolidation", "yamux", session);
    msCtx.pipeline().remove(this);
    result.complete(connection);
  }

  private void failIf(ChannelHandlerContext ctx, Throwable error, String stage) {
    if (error != null && !result.isDone()) {
      Throwable cause =
          error.getCause() != null && error instanceof java.util.concurrent.CompletionException
              ? error.getCause()
              : error;
      fail(
          ctx,
          cause instanceof DialException d
              ? d
              : new DialException(
                  stage
                      + " with "
                      + ctx.channel().remoteAddress()
                      + " failed: "
                      + cause.getMessage(),
                  cause));
    }
  }

  private void fail(ChannelHandlerContext ctx, Throwable error) {
    result.completeExceptionally(error);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    result.completeExceptionally(
        new DialException(
            "connection with " + ctx.channel().remoteAddress() + " closed during the handshake"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(
        ctx,
        new DialException(
            "connection upgrade with "
                + ctx.channel().remoteAddress()
                + " failed: "
                + cause.getMessage(),
            cause));
  }
}
