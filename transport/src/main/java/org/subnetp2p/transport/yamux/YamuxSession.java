package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.transport.tcp.OrderlyClose;

/**
 * A Yamux session over one connection: multiplexes {@link YamuxStream}s on a reliable byte stream.
 *
 * <p>Add it as the last handler of the connection's pipeline, after the secure channel (or directly
 * on a TCP channel: Yamux only needs a reliable byte stream). It inserts its frame decoder just
 * before itself and sets the channel's write-buffer water marks from {@link YamuxConfig}. Bytes the
 * handler before it already read past the muxer negotiation must be passed on as a {@code
 * channelRead} once the session is in place.
 *
 * <p>Inbound streams are handed to the {@code inboundStreams} callback on the connection's event
 * loop, already acknowledged; the callback must not block: it should hand the stream to a virtual
 * thread. Beyond {@link YamuxConfig#maxInboundStreams()} open inbound streams, new ones are refused
 * with RST and counted in {@link #refusedStreams()}.
 *
 * <p>The remote is held to the protocol, and a breach costs it this connection (GoAway(protocol
 * error), then close): a data frame beyond its stream's window (judged by its header, before the
 * payload is buffered), a window update past 2^32 - 1, a SYN reusing a stream id, a frame for a
 * stream id never opened. Memory it can make us hold is bounded by {@link
 * YamuxConfig#connectionMemory()} (within the host's budget): data that does not fit resets its
 * stream. After GoAway from either side no new stream opens, and the session closes itself once the
 * last stream is done. Keep-alive pings find a peer that vanished without closing the connection.
 *
 * <p>When the session ends (by {@link #close()}, by closing the channel, or by losing the
 * connection), its streams keep what had arrived: a reader takes it, then sees the end of stream if
 * the remote had half-closed, else {@link StreamResetException} naming why the session ended;
 * writes throw that exception at once. Unread data stays counted against the memory budgets until
 * read or its stream is closed. Nothing the remote sends after the end is accepted.
 *
 * <p>Everything about the session's state happens on its event loop; user threads only post to it
 * and never share a lock with it. One instance per channel; every public method is thread-safe.
 *
 * <p>The session is the channel handler, the public API and the lifecycle (opens, GoAway, close);
 * its parts are the {@code StreamTable}, the {@code OutboundOpens} (opens queued behind the ACK
 * backlog), the {@code SessionMemory}, the {@code KeepAlive} (pings, RTT) and the {@code
 * InboundFrames} (the remote's frames, judged and dispatched).
 */
public final class YamuxSession extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);

  /**
   * Frames answering the remote (pongs, ACKs, RSTs) still waiting to be written. Each costs the
   * remote a frame of its own, so only a remote that sends without reading runs this up.
   */
  static final int MAX_QUEUED_RESPONSES = 10_000;

  /** Opens waiting for the ACK backlog beyond this fail at once: a bound on the queue. */
  static final int MAX_PENDING_OPENS = 1024;

  private static final byte[] NO_DATA = new byte[0];

  /** Which side of the session this is; it decides the parity of the stream ids it allocates. */
  public enum Role {
    /** Opens odd-numbered streams; normally the side that dialled. */
    CLIENT,
    /** Opens even-numbered streams; normally the side that was dialled. */
    SERVER
  }

  private final Role role;
  private final YamuxConfig config;
  private final SessionMemory memory;
  private final StreamTable streams;
  private final KeepAlive keepAlive;
  private final InboundFrames frames;
  private final OutboundOpens opens;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  private volatile ChannelHandlerContext ctx;
  private volatile Connection connection;
  private volatile boolean open = true;
  private volatile boolean goAwaySent;
  private volatile boolean goAwayReceived;
  private volatile String closeReason;
  private volatile SessionEnd end;

  // Event loop only.
  private boolean started;
  private boolean failed;
  private boolean closing; // GoAway is on its way and the channel is closing
  private int queuedResponses;
  private final ChannelFutureListener responseWritten =
      f -> {
        queuedResponses--;
        closeOnWriteFailure(f);
      };

  /**
   * A session with the default {@link YamuxConfig}.
   *
   * @param role {@link Role#CLIENT} on the dialling side, {@link Role#SERVER} on the other
   * @param inboundStreams receives each stream the remote opens, on the event loop
   */
  public YamuxSession(Role role, Consumer<YamuxStream> inboundStreams) {
    this(role, inboundStreams, YamuxConfig.defaults());
  }

  /**
   * A session.
   *
   * @param role {@link Role#CLIENT} on the dialling side, {@link Role#SERVER} on the other
   * @param inboundStreams receives each stream the remote opens, on the event loop
   * @param config limits and tuning
   */
  public YamuxSession(Role role, Consumer<YamuxStream> inboundStreams, YamuxConfig config) {
    this(role, inboundStreams, config, MemoryBudget.unlimited());
  }

  /**
   * A session whose {@link YamuxConfig#connectionMemory()} is drawn from {@code hostMemory}, shared
   * with the host's other connections.
   */
  public YamuxSession(
      Role role,
      Consumer<YamuxStream> inboundStreams,
      YamuxConfig config,
      MemoryBudget hostMemory) {
    this.role = Objects.requireNonNull(role, "role");
    Objects.requireNonNull(inboundStreams, "inboundStreams");
    this.config = Objects.requireNonNull(config, "config");
    this.memory = new SessionMemory(hostMemory, config.connectionMemory());
    this.streams = new StreamTable(role);
    this.keepAlive = new KeepAlive(this, config);
    this.opens = new OutboundOpens(this, streams, config.maxAckBacklog());
    this.frames =
        new InboundFrames(this, streams, keepAlive, inboundStreams, config.maxInboundStreams());
  }

  // ---- Public API. ----

  /**
   * Opens a stream. The SYN is sent at once (as a window update), so the remote learns of the
   * stream even before this side writes. Waits while {@link YamuxConfig#maxAckBacklog()} streams
   * are unacknowledged.
   *
   * <p>Fails with {@link StreamResetException} if the session is closed or either side sent GoAway.
   * The future completes on the event loop.
   */
  public CompletableFuture<YamuxStream> openStream() {
    return openStream(NO_DATA, false);
  }

  /**
   * Opens a stream and sends {@code initial} (and FIN when {@code fin}) right behind its SYN, from
   * the event loop and without waiting: the first bytes of a request leave with the SYN. At most
   * the 256 KiB every new stream may send before the remote answers.
   *
   * <p>A caller that stops waiting (cancels the future) leaves the queue of opens; beyond {@value
   * #MAX_PENDING_OPENS} opens waiting for the ACK backlog, more fail at once.
   */
  public CompletableFuture<YamuxStream> openStream(byte[] initial, boolean fin) {
    if (initial.length > YamuxFrame.DEFAULT_WINDOW) {
      throw new IllegalArgumentException("initial data beyond a new stream's window");
    }
    return opens.open(initial, fin);
  }

  /**
   * Measures the round-trip time with a ping. Fails with {@link StreamResetException} if the
   * session closes first.
   */
  public CompletableFuture<Duration> ping() {
    return keepAlive.ping();
  }

  /**
   * Sends GoAway (normal termination): the remote may open no new streams, and neither may this
   * side; existing streams carry on, and the session closes once the last one is done. Completes
   * once the GoAway is written. Idempotent.
   */
  public CompletableFuture<Void> goAway() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    boolean posted =
        execute(
            () -> {
              if (goAwaySent || !open) {
                future.complete(null);
                return;
              }
              goAwaySent = true;
              opens.failAll(openRefusal());
              ChannelHandlerContext c = ctx;
              c.writeAndFlush(goAwayFrame(c, YamuxFrame.GO_AWAY_NORMAL))
                  .addListener(
                      f -> {
                        if (f.isSuccess()) {
                          future.complete(null);
                        } else {
                          future.completeExceptionally(f.cause());
                        }
                      });
              closeIfDrained();
            });
    if (!posted) {
      future.completeExceptionally(closedException());
    }
    return future;
  }

  /**
   * Sends GoAway (normal termination) and closes the connection; open streams end as the class
   * comment says (what arrived stays readable, writes fail). Returns {@link #closeFuture()}.
   * Idempotent.
   */
  public CompletableFuture<Void> close() {
    setCloseReason(SessionEnd.LOCAL, "yamux session closed locally");
    ChannelHandlerContext c = ctx;
    if (c == null) {
      open = false;
      closeFuture.complete(null);
    } else {
      c.channel().close();
    }
    return closeFuture;
  }

  /** Completes once the session is closed and every stream has learned of its end. */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  /** Whether the session is attached to a channel and not closed. */
  public boolean isOpen() {
    return open && ctx != null;
  }

  /**
   * Whether new streams may open: the session is open and neither side began to end it (no GoAway
   * sent or received, no close begun). A closing session still carries the streams it has.
   */
  public boolean acceptsNewStreams() {
    return isOpen() && !goAwaySent && !goAwayReceived && closeReason == null;
  }

  /** Streams open in either direction, including half-closed ones. */
  public int streamCount() {
    return streams.size();
  }

  /** Streams the remote opened that are open now, including half-closed ones. */
  public int inboundStreamCount() {
    return streams.inboundCount();
  }

  /** Inbound streams refused with RST so far because of {@link YamuxConfig#maxInboundStreams()}. */
  public long refusedStreams() {
    return frames.refused();
  }

  /** Streams reset so far because their data did not fit in the memory budget. */
  public long memoryResets() {
    return memory.resets();
  }

  /** Bytes of the connection's memory budget in use now. */
  public long memoryUsed() {
    return memory.used();
  }

  /**
   * Whether the session ended because the peer stopped answering keep-alive pings: it vanished
   * without closing the connection (powered off, partitioned, frozen).
   */
  public boolean peerUnresponsive() {
    return keepAlive.peerUnresponsive();
  }

  /**
   * Why the session closed, or {@code null} while it is open; once a close began for a known
   * reason, that reason (the channel may still be closing).
   */
  public String closeReason() {
    String reason = closeReason;
    return reason != null ? reason : open ? null : closeReasonOrDefault();
  }

  /**
   * Why the session ended, as one of a few kinds: set as soon as a close begins for a known reason
   * (so possibly before the channel is closed), else {@link SessionEnd#CONNECTION_LOST} once
   * closed; {@code null} while open.
   */
  public SessionEnd end() {
    SessionEnd e = end;
    return e != null ? e : open ? null : SessionEnd.CONNECTION_LOST;
  }

  /**
   * The smallest round-trip time measured so far (by the ping sent at start, {@link #ping()} and
   * keep-alive), or {@code null} before the first ping was answered. Drives window growth.
   */
  public Duration rtt() {
    return keepAlive.rtt();
  }

  /** Which side of the session this is. */
  public Role role() {
    return role;
  }

  /** The connection this session carries, as set by {@link #setConnection}; {@code null} before. */
  public Connection connection() {
    return connection;
  }

  /** Sets the connection that {@link YamuxStream#connection()} returns. */
  public void setConnection(Connection connection) {
    this.connection = connection;
  }

  // ---- Netty events. ----

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    ctx.channel()
        .config()
        .setWriteBufferWaterMark(
            new WriteBufferWaterMark(
                config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()));
    ctx.pipeline()
        .addBefore(
            ctx.name(),
            ctx.name() + "-frames",
            new YamuxFrameDecoder(config.maxReceiveWindow(), frames::admitData));
    if (ctx.channel().isActive()) {
      start();
    } else if (ctx.channel().isRegistered() && !ctx.channel().isOpen()) {
      teardown();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    setCloseReason(SessionEnd.LOCAL, "yamux session removed from its channel");
    teardown();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    teardown();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof YamuxFrame frame)) {
      log.debug("dropping unexpected {} below the yamux session", msg.getClass().getName());
      ReferenceCountUtil.release(msg);
      return;
    }
    if (failed || !open) {
      frame.release();
      return;
    }
    frames.dispatch(frame);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      for (YamuxStream stream : streams.values()) {
        stream.onChannelWritable();
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof YamuxProtocolException) {
      protocolError(cause.getMessage());
      return;
    }
    if (failed || !open) {
      return;
    }
    log.debug("closing yamux session with {}: {}", remote(), cause.toString());
    setCloseReason(SessionEnd.IO_ERROR, "yamux session closed: " + cause);
    OrderlyClose.closeAbruptly(ctx);
  }

  /**
   * Whoever closes the channel, the remote hears GoAway (normal) first. That it also receives
   * everything written before is {@link OrderlyClose}'s part, at the socket.
   */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    setCloseReason(SessionEnd.LOCAL, "yamux session closed");
    closeAfterGoAway(ctx, promise, true);
  }

  /**
   * Sends GoAway (normal) if asked and not sent already, then closes the channel. Until it is
   * closed (see {@link OrderlyClose}: what was written goes out first) the session carries on:
   * frames that arrive are still taken.
   */
  private void closeAfterGoAway(ChannelHandlerContext ctx, ChannelPromise promise, boolean goAway) {
    if (closing) {
      ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
      return;
    }
    closing = true;
    if (ctx.channel().isActive() && goAway && !goAwaySent) {
      goAwaySent = true;
      ctx.writeAndFlush(goAwayFrame(ctx, YamuxFrame.GO_AWAY_NORMAL))
          .addListener((ChannelFutureListener) this::closeOnWriteFailure);
    }
    ctx.close(promise);
  }

  // ---- GoAway and protocol errors. ----

  /** Whether the session failed or closed: frames from the remote are dropped. */
  boolean ended() {
    return failed || !open;
  }

  /** Whether either side sent GoAway: no new stream opens. */
  boolean goingAway() {
    return goAwaySent || goAwayReceived;
  }

  void onGoAway(YamuxFrame frame) {
    goAwayReceived = true;
    opens.failAll(openRefusal());
    if (frame.length == YamuxFrame.GO_AWAY_NORMAL) {
      log.debug("yamux session with {}: remote sent GoAway", remote());
      setCloseReason(
          SessionEnd.REMOTE_GOAWAY,
          "yamux session closed: the remote sent GoAway and its last stream is done");
      closeIfDrained();
    } else {
      String code =
          frame.length == YamuxFrame.GO_AWAY_PROTOCOL_ERROR
              ? "protocol error"
              : frame.length == YamuxFrame.GO_AWAY_INTERNAL_ERROR
                  ? "internal error"
                  : "code " + frame.length;
      log.debug("yamux session with {} ended by the remote: GoAway({})", remote(), code);
      setCloseReason(
          SessionEnd.REMOTE_ERROR, "yamux session ended by the remote: GoAway(" + code + ")");
      ctx.close();
    }
  }

  /** One log line, GoAway(protocol error), close: nothing from this peer can be trusted after. */
  void protocolError(String message) {
    if (failed) {
      return;
    }
    failed = true;
    log.warn(
        "yamux protocol error from {}: {}; closing the session with GoAway(protocol error)",
        remote(),
        message);
    setCloseReason(SessionEnd.PROTOCOL_ERROR, "yamux protocol error: " + message);
    goAwaySent = true;
    ctx.writeAndFlush(goAwayFrame(ctx, YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
    ctx.close();
  }

  // ---- Streams. ----

  /** Opens what waits for the ACK backlog, now that it may have room. */
  void drainPendingOpens() {
    opens.drain();
  }

  /** Why no stream may open now, or null if one may. */
  String openRefusal() {
    if (!open) {
      return closeReasonOrDefault();
    }
    if (goAwayReceived) {
      return "cannot open a yamux stream: the remote sent GoAway and accepts no new streams";
    }
    if (goAwaySent) {
      return "cannot open a yamux stream: this side sent GoAway";
    }
    return null;
  }

  /**
   * A new stream, added to the table; its window beyond the spec's 256 KiB only if the budget can
   * pay for it.
   */
  YamuxStream newStream(int id, Direction direction) {
    YamuxStream stream =
        new YamuxStream(
            this,
            id,
            direction,
            memory.budget(),
            memory.growthBudget(),
            memory.initialWindow(config.initialWindow()),
            config.maxReceiveWindow());
    streams.add(stream);
    return stream;
  }

  /** Called by a stream, on the event loop, once both sides are done with it or it was reset. */
  void remove(YamuxStream stream, boolean wasUnacked) {
    if (!streams.remove(stream, wasUnacked)) {
      return;
    }
    if (wasUnacked) {
      // Later, not inline: the caller may be inside drainPendingOpens, or a stream callback.
      try {
        ctx.executor().execute(this::drainPendingOpens);
      } catch (RejectedExecutionException e) {
        // The event loop is gone; teardown fails the pending opens.
      }
    }
    closeIfDrained();
  }

  /** After GoAway from either side, the session ends with its last stream. */
  private void closeIfDrained() {
    if ((goAwaySent || goAwayReceived) && open && !failed && !closing && streams.isEmpty()) {
      setCloseReason(
          goAwayReceived ? SessionEnd.REMOTE_GOAWAY : SessionEnd.LOCAL,
          "yamux session closed after GoAway: its last stream is done");
      closeAfterGoAway(ctx, ctx.newPromise(), false); // as before: no GoAway of ours on the wire
    }
  }

  /** Settles every stream's consumed bytes, returning their memory: the budget is nearly used. */
  void settleAll() {
    for (YamuxStream s : streams.values()) {
      s.settle();
    }
  }

  /** A stream's data did not fit in the memory budget; the stream resets itself. */
  void onMemoryExhausted(YamuxStream stream) {
    memory.countReset();
    log.debug(
        "yamux session with {}: memory budget of {} bytes used up, resetting {}",
        remote(),
        memory.limit(),
        stream);
  }

  // ---- Writing: data from any thread, control frames from the event loop. ----

  void writeControl(YamuxFrame.Type type, int flags, int streamId, long length) {
    ChannelHandlerContext c = ctx;
    write(c, YamuxFrame.header(c.alloc(), type, flags, streamId, length));
  }

  void writeData(int streamId, byte[] src, int off, int len) {
    ChannelHandlerContext c = ctx;
    write(c, YamuxFrame.data(c.alloc(), streamId, src, off, len));
  }

  private void write(ChannelHandlerContext c, ByteBuf frame) {
    // Frames from other threads queue on the event loop in call order; a failed write means the
    // connection is unusable, and closing it ends every stream.
    c.writeAndFlush(frame).addListener((ChannelFutureListener) this::closeOnWriteFailure);
  }

  /**
   * Writes a frame answering the remote, on the event loop. Answers are never dropped (a lost pong
   * or RST would stall the remote), but a remote that leaves {@link #MAX_QUEUED_RESPONSES} of them
   * unread is not reading at all, and is disconnected rather than buffered without bound.
   */
  void respond(YamuxFrame.Type type, int flags, int streamId, long length) {
    if (queuedResponses >= MAX_QUEUED_RESPONSES) {
      log.warn(
          "yamux session with {}: {} answers unread, the remote does not read; closing",
          remote(),
          queuedResponses);
      setCloseReason(
          SessionEnd.REMOTE_NOT_READING, "yamux session closed: the remote stopped reading");
      failed = true;
      OrderlyClose.closeAbruptly(ctx); // it would not read what we flushed either
      return;
    }
    queuedResponses++;
    ctx.writeAndFlush(YamuxFrame.header(ctx.alloc(), type, flags, streamId, length))
        .addListener(responseWritten);
  }

  private static ByteBuf goAwayFrame(ChannelHandlerContext c, int code) {
    return YamuxFrame.header(c.alloc(), YamuxFrame.Type.GO_AWAY, 0, 0, code);
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  int maxFrameData() {
    return config.maxFrameData();
  }

  /** The minimum RTT, for window growth; see {@link KeepAlive#rttNanos()}. */
  long rttNanos() {
    return keepAlive.rttNanos();
  }

  // ---- Lifecycle. ----

  private void start() {
    if (started || !open) {
      return;
    }
    started = true;
    keepAlive.start(ctx);
  }

  private void teardown() {
    if (!open) {
      return;
    }
    open = false;
    String reason = closeReasonOrDefault();
    // After a protocol error nothing from the remote is trusted, not even data it sent before.
    boolean keepData = end != SessionEnd.PROTOCOL_ERROR;
    for (YamuxStream stream : streams.values()) {
      stream.onSessionClosed(reason, keepData);
    }
    streams.clear();
    opens.failAll(reason);
    keepAlive.stop(reason);
    memory.end(); // unread data stays paid for until read or discarded
    closeFuture.complete(null);
  }

  /**
   * Runs {@code task} on the event loop: now if called there, else queued behind what is already
   * queued (writes included, so a FIN asked for after a write follows it). False if the session is
   * not attached or its event loop is gone.
   */
  boolean execute(Runnable task) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return false;
    }
    if (c.executor().inEventLoop()) {
      task.run();
      return true;
    }
    try {
      c.executor().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** The first reason given wins: later ones are consequences (e.g. the close it asked for). */
  synchronized void setCloseReason(SessionEnd end, String reason) {
    if (closeReason == null) {
      closeReason = reason;
      this.end = end;
    }
  }

  /** A failed write means the connection is unusable: the session ends with the write's error. */
  private void closeOnWriteFailure(ChannelFuture f) {
    if (!f.isSuccess()) {
      setCloseReason(SessionEnd.IO_ERROR, "yamux session closed: a write failed: " + f.cause());
      // Not abrupt: during an orderly close (output shut down, waiting for the remote's end) an
      // answer to the remote fails like this, and an abrupt close could still cost data in flight.
      f.channel().close();
    }
  }

  private String closeReasonOrDefault() {
    String reason = closeReason;
    return reason != null ? reason : "yamux session closed: the connection was lost";
  }

  StreamResetException closedException() {
    return new StreamResetException(closeReasonOrDefault());
  }

  Object remote() {
    ChannelHandlerContext c = ctx;
    return c == null ? "(unattached)" : c.channel().remoteAddress();
  }
}
