package org.subnetp2p.transport.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.transport.multistream.MultistreamHandler;
import org.subnetp2p.transport.noise.NoiseHandshakeHandler;
import org.subnetp2p.transport.noise.SecureSession;
import org.subnetp2p.transport.yamux.YamuxSession;

/**
 * Turns a fresh TCP channel into a libp2p connection, one stage at a time: multistream-select picks
 * the security protocol, Noise authenticates the peer, the gater admits it, multistream-select
 * picks the muxer, Yamux takes over. Each stage installs the next one in the pipeline before the
 * bytes behind its last message flow on, so nothing is lost between stages.
 *
 * <p>Both negotiations use the host's configured lists ({@link HostConfig#securityProtocols()},
 * {@link HostConfig#muxerProtocols()}): the dialer proposes them in order, moving to the next on
 * {@code na}, and the listener accepts any of them. {@code /noise} and {@code /pos-transport/1.0.0}
 * are both Noise XX on the wire; what subnet-template adds after its handshake (a proof-of-stake
 * check) is a {@link org.subnetp2p.core.admission.ConnectionGater}'s business.
 *
 * <p>It sits at the tail of the pipeline until the muxer is installed, then removes itself. A
 * failure at any stage fails {@link #result()} and closes the channel.
 *
 * <p>Admission: the gater's answer may take a lookup ({@code admitSecured} returns a stage still
 * running). Until it comes the connection is held, off the event loop's back: reading stops, the
 * few bytes already decrypted (the peer's muxer proposal) are kept, up to {@link #MAX_HELD_BYTES},
 * and the handshake deadline keeps running. A refusal fails the upgrade with {@link
 * NotAdmittedException}; so does, on a dial, the remote closing the connection between the security
 * handshake and the muxer agreement, which is how a gater on the other side refuses us.
 */
final class ConnectionUpgrade extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionUpgrade.class);

  /** Hypertensor's name for Noise, behind which subnet-template checks the remote's stake. */
  private static final String POS_TRANSPORT = "/pos-transport/1.0.0";

  /** What a held connection may receive before admission is decided: a muxer proposal is ~40. */
  static final int MAX_HELD_BYTES = 16 * 1024;

  private final NettyHost host;
  private final Direction direction;
  private final Optional<PeerId> expectedPeer;
  private final CompletableFuture<NettyConnection> result = new CompletableFuture<>();
  private String securityProtocol; // once agreed
  private SecureSession secured;
  private boolean awaitingAdmission;
  private CompositeByteBuf held; // decrypted bytes received while awaiting admission
  private long startedNanos; // when the upgrade began, for the remote-refusal message

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
    startedNanos = System.nanoTime();
    List<String> offered = host.config().securityProtocols();
    MultistreamHandler security =
        dialing()
            ? MultistreamHandler.dialer(offered, this::secure)
            : MultistreamHandler.listener(offered, this::secure);
    ctx.pipeline().addBefore(ctx.name(), "multistream-security", security);
    security
        .result()
        .whenComplete((p, e) -> failIf(ctx, e, "negotiating the security protocol", "security"));
  }

  /** Both security protocols this transport speaks are Noise XX, under two names. */
  private void secure(ChannelHandlerContext msCtx, String protocol) {
    LOG.debug("{} connection with {}: {}", direction, msCtx.channel().remoteAddress(), protocol);
    securityProtocol = protocol;
    NoiseHandshakeHandler noise =
        new NoiseHandshakeHandler(
            dialing(), host.noiseIdentity(), expectedPeer, host.config().dialTimeout());
    msCtx.pipeline().addAfter(msCtx.name(), "noise-handshake", noise);
    noise.session().whenComplete((s, e) -> failIf(msCtx, e, "the Noise handshake", null));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (!(event instanceof SecureSession session)) {
      super.userEventTriggered(ctx, event);
      return;
    }
    secured = session;
    PeerId peer = session.remotePeerId();
    CompletableFuture<Boolean> admission;
    try {
      admission = host.config().gater().admitSecured(peer, direction).toCompletableFuture();
    } catch (RuntimeException e) {
      admission = CompletableFuture.failedFuture(e);
    }
    if (admission.isDone()) {
      decide(ctx, peer, admission);
      return;
    }
    awaitingAdmission = true;
    ctx.channel().config().setAutoRead(false);
    CompletableFuture<Boolean> pending = admission;
    pending.whenComplete((ok, e) -> ctx.executor().execute(() -> decide(ctx, peer, pending)));
  }

  /** On the event loop, once the gater has answered (a failed answer is a refusal). */
  private void decide(ChannelHandlerContext ctx, PeerId peer, CompletableFuture<Boolean> answer) {
    boolean wasHeld = awaitingAdmission;
    awaitingAdmission = false;
    ByteBuf early = held;
    held = null;
    if (result.isDone() || !ctx.channel().isActive()) {
      ReferenceCountUtil.release(early);
      return; // timed out or closed while the gater was deciding
    }
    boolean admitted =
        host.meters()
            .gater(
                HostMeters.GaterStage.SECURED,
                answer.isDone() && !answer.isCompletedExceptionally() && answer.join());
    if (!admitted) {
      ReferenceCountUtil.release(early);
      // The gater logs refusals itself, once per peer and interval: a flood must not flood logs.
      LOG.debug(
          "refusing {} connection with {}: not admitted by the connection gater",
          direction.name().toLowerCase(Locale.ROOT),
          peer);
      fail(ctx, new NotAdmittedException(peer, NotAdmittedException.RefusedBy.LOCAL));
      return;
    }
    List<String> muxers = host.config().muxerProtocols();
    MultistreamHandler muxer =
        dialing()
            ? MultistreamHandler.dialer(muxers, this::multiplex)
            : MultistreamHandler.listener(muxers, this::multiplex);
    ctx.pipeline().addBefore(ctx.name(), "multistream-muxer", muxer);
    muxer
        .result()
        .whenComplete((p, e) -> failIf(ctx, e, "negotiating the stream muxer", "stream muxer"));
    if (wasHeld) {
      if (early != null) {
        // From the codec's context: the bytes enter the muxer handler, which follows it.
        ctx.pipeline().context(NoiseHandshakeHandler.CODEC_NAME).fireChannelRead(early);
      }
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!awaitingAdmission) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!(msg instanceof ByteBuf bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (held == null) {
      held = ctx.alloc().compositeBuffer();
    }
    held.addComponent(true, bytes);
    if (held.readableBytes() > MAX_HELD_BYTES) {
      fail(
          ctx,
          new DialException(
              "peer "
                  + secured.remotePeerId()
                  + " sent more than "
                  + MAX_HELD_BYTES
                  + " bytes while its admission was being decided"));
    }
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

  /**
   * Fails the upgrade if {@code error} is set.
   *
   * @param stage what was going on, for the message
   * @param negotiated what kind of protocol the stage negotiates ("security"), or null
   */
  private void failIf(ChannelHandlerContext ctx, Throwable error, String stage, String negotiated) {
    if (error == null || result.isDone()) {
      return;
    }
    if (cutAfterHandshake(ctx)) {
      fail(ctx, refusedByRemote());
      return;
    }
    Throwable cause =
        error.getCause() != null && error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof DialException d) {
      fail(ctx, d);
    } else if (cause instanceof ProtocolNotSupportedException unsupported && negotiated != null) {
      fail(
          ctx,
          new DialException(
              ctx.channel().remoteAddress()
                  + " supports none of the "
                  + negotiated
                  + " protocols proposed (answered na to each): "
                  + String.join(", ", unsupported.protocols()),
              cause));
    } else {
      fail(
          ctx,
          new DialException(
              stage
                  + " with "
                  + ctx.channel().remoteAddress()
                  + " failed: "
                  + cause.getMessage()
                  + stakeHint(),
              cause));
    }
  }

  /**
   * A hint for a dialer whose connection ends right after a {@code /pos-transport/1.0.0} handshake:
   * that is what a subnet-template node does to a peer without stake.
   */
  private String stakeHint() {
    return dialing() && secured != null && POS_TRANSPORT.equals(securityProtocol)
        ? " (a subnet-template node closes a connection right after the "
            + POS_TRANSPORT
            + " handshake when the dialer's peer id is not staked in its subnet)"
        : "";
  }

  /**
   * Whether the remote closed our dial after the security handshake and before the muxer was
   * agreed: what a peer whose gater refuses us does (libp2p has no message for it).
   */
  private boolean cutAfterHandshake(ChannelHandlerContext ctx) {
    return dialing() && secured != null && !awaitingAdmission && !ctx.channel().isActive();
  }

  /**
   * The handshake's duration goes in the message: a close near the remote's handshake deadline (10
   * s by default) points at an overloaded peer rather than a refusal, which comes at once.
   */
  private NotAdmittedException refusedByRemote() {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    return new NotAdmittedException(
        secured.remotePeerId(),
        NotAdmittedException.RefusedBy.REMOTE,
        " (the connection and handshake took " + ms + " ms)" + stakeHint());
  }

  private void fail(ChannelHandlerContext ctx, Throwable error) {
    result.completeExceptionally(error);
    ReferenceCountUtil.release(held);
    held = null;
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    result.completeExceptionally(
        cutAfterHandshake(ctx)
            ? refusedByRemote()
            : new DialException(
                "connection with "
                    + ctx.channel().remoteAddress()
                    + " closed during the handshake"
                    + stakeHint()));
    ReferenceCountUtil.release(held);
    held = null;
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    ReferenceCountUtil.release(held);
    held = null;
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
