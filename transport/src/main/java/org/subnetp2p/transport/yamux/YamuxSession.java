package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.StreamResetException;

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
 * <p>Closing the session (by {@link #close()}, by closing the channel, or by losing the connection)
 * resets every open stream: blocked reads and writes throw {@link StreamResetException}.
 *
 * <p>One instance per channel; every public method is thread-safe.
 */
public final class YamuxSession extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

  /**
   * Frames answering the remote (pongs, ACKs, RSTs) still waiting to be written. Each costs the
   * remote a frame of its own, so only a remote that sends without reading runs this up.
   */
  static final int MAX_QUEUED_RESPONSES = 10_000;

  /** While streams update windows, the RTT is sampled again this often. */
  private static final long RTT_REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** Which side of the session this is; it decides the parity of the stream ids it allocates. */
  public enum Role {
    /** Opens odd-numbered streams; normally the side that dialled. */
    CLIENT,
    /** Opens even-numbered streams; normally the side that was dialled. */
    SERVER
  }

  private record PendingPing(long startNanos, CompletableFuture<Duration> future) {}

  private final Role role;
  private final Consumer<YamuxStream> inboundStreams;
  private final YamuxConfig config;
  private final ReceiveWindow.Budget windowBudget;
  private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger inboundOpen = new AtomicInteger();
  private final AtomicInteger unacked = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  private volatile ChannelHandlerContext ctx;
  private volatile Connection connection;
  private volatile boolean open = true;
  private volatile boolean goAwaySent;
  private volatile boolean goAwayReceived;
  private volatile long rttNanos;
  private final AtomicLong rttSampledAt = new AtomicLong(System.nanoTime());
  private volatile String closeReason;

  // Event loop only.
  private final ArrayDeque<CompletableFuture<YamuxStream>> pendingOpens = new ArrayDeque<>();
  private final Map<Integer, PendingPing> pings = new HashMap<>();
  private long nextStreamId;
  private int nextPingId;
  private boolean started;
  private boolean failed;
  private ScheduledFuture<?> keepAlive;
  private CompletableFuture<Duration> keepAlivePing;
  private int queuedResponses;
  private final ChannelFutureListener responseWritten =
      f -> {
        queuedResponses--;
        if (!f.isSuccess()) {
          f.channel().close();
        }
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
    this.role = Objects.requireNonNull(role, "role");
    this.inboundStreams = Objects.requireNonNull(inboundStreams, "inboundStreams");
    this.config = Objects.requireNonNull(config, "config");
    this.windowBudget = new ReceiveWindow.Budget(config.maxSessionReceiveWindow());
    this.nextStreamId = role == Role.CLIENT ? 1 : 2;
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
    CompletableFuture<YamuxStream> future = new CompletableFuture<>();
    onEventLoop(
        () -> {
          pendingOpens.add(future);
          drainPendingOpens();
        },
        future);
    return future;
  }

  /**
   * Measures the round-trip time with a ping. Fails with {@link StreamResetException} if the
   * session closes first.
   */
  public CompletableFuture<Duration> ping() {
    CompletableFuture<Duration> future = new CompletableFuture<>();
    onEventLoop(
        () -> {
          if (!open) {
            future.completeExceptionally(closedException());
            return;
          }
          int opaque = nextPingId++;
          pings.put(opaque, new PendingPing(System.nanoTime(), future));
          writeControl(
              YamuxFrame.Type.PING, YamuxFrame.FLAG_SYN, 0, Integer.toUnsignedLong(opaque));
        },
        future);
    return future;
  }

  /**
   * Sends GoAway (normal termination): the remote may open no new streams, and neither may this
   * side; existing streams carry on. Completes once the GoAway is written. Idempotent.
   */
  public CompletableFuture<Void> goAway() {
    CompletableFuture<Void> future = new CompletableFuture<>();
    onEventLoop(
        () -> {
          if (goAwaySent || !open) {
            future.complete(null);
            return;
          }
          goAwaySent = true;
          failPendingOpens(openRefusal());
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
        },
        future);
    return future;
  }

  /**
   * Sends GoAway (normal termination) and closes the connection; open streams are reset. Returns
   * {@link #closeFuture()}. Idempotent.
   */
  public CompletableFuture<Void> close() {
    setCloseReason("yamux session closed locally");
    ChannelHandlerContext c = ctx;
    if (c == null) {
      open = false;
      closeFuture.complete(null);
    } else {
      c.channel().close();
    }
    return closeFuture;
  }

  /** Completes once the session is closed and every stream has been reset. */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  /** Whether the session is attached to a channel and not closed. */
  public boolean isOpen() {
    return open && ctx != null;
  }

  /** Streams open in either direction, including half-closed ones. */
  public int streamCount() {
    return streams.size();
  }

  /** Inbound streams refused with RST so far because of {@link YamuxConfig#maxInboundStreams()}. */
  public long refusedStreams() {
    return refused.get();
  }

  /**
   * The smallest round-trip time measured so far (by the ping sent at start, {@link #ping()} and
   * keep-alive), or {@code null} before the first ping was answered. Drives window growth.
   */
  public Duration rtt() {
    long rtt = rttNanos;
    return rtt == 0 ? null : Duration.ofNanos(rtt);
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
            ctx.name(), ctx.name() + "-frames", new YamuxFrameDecoder(config.maxReceiveWindow()));
    if (ctx.channel().isActive()) {
      start();
    } else if (ctx.channel().isRegistered() && !ctx.channel().isOpen()) {
      teardown();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    setCloseReason("yamux session removed from its channel");
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
    switch (frame.type) {
      case DATA, WINDOW_UPDATE -> onStreamFrame(frame);
      case PING -> onPing(frame);
      case GO_AWAY -> onGoAway(frame);
    }
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
    setCloseReason("yamux session closed: " + cause);
    ctx.close();
  }

  /** Whoever closes the channel, the remote hears GoAway (normal) first. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!goAwaySent && ctx.channel().isActive()) {
      goAwaySent = true;
      ctx.writeAndFlush(goAwayFrame(ctx, YamuxFrame.GO_AWAY_NORMAL));
    }
    setCloseReason("yamux session closed");
    ctx.close(promise);
  }

  // ---- Frames. ----

  private void onStreamFrame(YamuxFrame frame) {
    int id = frame.streamId;
    if (id == 0) {
      frame.release();
      protocolError(frame.type + " frame on stream 0");
      return;
    }
    YamuxStream stream;
    boolean opened = frame.has(YamuxFrame.FLAG_SYN);
    if (opened) {
      stream = acceptInbound(id);
    } else {
      stream = streams.get(id);
      if (stream == null) {
        // A stream already finished or reset here; frames the remote sent meanwhile are harmless.
        log.debug("ignoring {} for unknown yamux stream from {}", frame, remote());
      }
    }
    if (stream == null) {
      frame.release();
      return;
    }
    if (frame.has(YamuxFrame.FLAG_ACK)
        && stream.direction() == Direction.OUTBOUND
        && stream.markAcked()) {
      unacked.decrementAndGet();
      drainPendingOpens();
    }
    if (frame.type == YamuxFrame.Type.DATA) {
      if (!stream.onData(frame.data)) {
        protocolError(
            "a data frame of "
                + frame.length
                + " bytes on stream "
                + Integer.toUnsignedString(id)
                + " exceeds the window granted");
        return;
      }
    } else if (frame.length > 0) {
      stream.onWindowUpdate(frame.length);
    }
    if (frame.has(YamuxFrame.FLAG_FIN)) {
      stream.onRemoteFin();
    }
    if (frame.has(YamuxFrame.FLAG_RST)) {
      stream.onRemoteReset();
    }
    if (opened) {
      deliver(stream);
    }
  }

  /** Registers and acknowledges a stream the remote opens; null if refused. */
  private YamuxStream acceptInbound(int id) {
    boolean remoteParity = (id & 1) == (role == Role.CLIENT ? 0 : 1);
    if (!remoteParity) {
      protocolError("SYN for stream " + Integer.toUnsignedString(id) + " in this side's id space");
      return null;
    }
    if (streams.containsKey(id)) {
      protocolError("SYN for stream " + Integer.toUnsignedString(id) + ", which is already open");
      return null;
    }
    if (goAwaySent) {
      respond(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
      return null;
    }
    if (inboundOpen.get() >= config.maxInboundStreams()) {
      refused.incrementAndGet();
      log.debug(
          "refusing yamux stream {} from {}: {} inbound streams already open",
          Integer.toUnsignedString(id),
          remote(),
          config.maxInboundStreams());
      respond(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
      return null;
    }
    YamuxStream stream = newStream(id, Direction.INBOUND);
    inboundOpen.incrementAndGet();
    respond(
        YamuxFrame.Type.WINDOW_UPDATE,
        YamuxFrame.FLAG_ACK,
        id,
        config.initialWindow() - YamuxFrame.DEFAULT_WINDOW);
    return stream;
  }

  private void deliver(YamuxStream stream) {
    try {
      inboundStreams.accept(stream);
    } catch (RuntimeException e) {
      log.warn("inbound yamux stream handler failed for {}; resetting the stream", stream, e);
      stream.reset();
    }
  }

  private void onPing(YamuxFrame frame) {
    if (frame.has(YamuxFrame.FLAG_SYN)) {
      respond(YamuxFrame.Type.PING, YamuxFrame.FLAG_ACK, 0, frame.length);
    } else if (frame.has(YamuxFrame.FLAG_ACK)) {
      PendingPing ping = pings.remove((int) frame.length);
      if (ping != null) {
        long rtt = Math.max(1, System.nanoTime() - ping.startNanos());
        // The minimum: the path's own delay, without queueing behind data or a cold start.
        long min = rttNanos;
        rttNanos = min == 0 ? rtt : Math.min(min, rtt);
        ping.future().complete(Duration.ofNanos(rtt));
      }
    }
  }

  private void onGoAway(YamuxFrame frame) {
    goAwayReceived = true;
    failPendingOpens(openRefusal());
    if (frame.length == YamuxFrame.GO_AWAY_NORMAL) {
      log.debug("yamux session with {}: remote sent GoAway", remote());
    } else {
      String code =
          frame.length == YamuxFrame.GO_AWAY_PROTOCOL_ERROR
              ? "protocol error"
              : frame.length == YamuxFrame.GO_AWAY_INTERNAL_ERROR
                  ? "internal error"
                  : "code " + frame.length;
      log.info("yamux session with {} ended by the remote: GoAway({})", remote(), code);
      setCloseReason("yamux session ended by the remote: GoAway(" + code + ")");
      ctx.close();
    }
  }

  /** One log line, GoAway(protocol error), close: nothing from this peer can be trusted after. */
  private void protocolError(String message) {
    if (failed) {
      return;
    }
    failed = true;
    log.warn(
        "yamux protocol error from {}: {}; closing the session with GoAway(protocol error)",
        remote(),
        message);
    setCloseReason("yamux protocol error: " + message);
    goAwaySent = true;
    ctx.writeAndFlush(goAwayFrame(ctx, YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
    ctx.close();
  }

  // ---- Streams. ----

  private void drainPendingOpens() {
    while (!pendingOpens.isEmpty()) {
      String refusal = openRefusal();
      if (refusal != null) {
        failPendingOpens(refusal);
        return;
      }
      if (unacked.get() >= config.maxAckBacklog()) {
        return;
      }
      CompletableFuture<YamuxStream> future = pendingOpens.poll();
      if (future.isDone()) {
        continue;
      }
      if (nextStreamId > MAX_STREAM_ID) {
        future.completeExceptionally(
            new StreamResetException("yamux stream ids exhausted on this session"));
        continue;
      }
      int id = (int) nextStreamId;
      nextStreamId += 2;
      YamuxStream stream = newStream(id, Direction.OUTBOUND);
      unacked.incrementAndGet();
      writeControl(
          YamuxFrame.Type.WINDOW_UPDATE,
          YamuxFrame.FLAG_SYN,
          id,
          config.initialWindow() - YamuxFrame.DEFAULT_WINDOW);
      if (!future.complete(stream)) {
        stream.reset();
      }
    }
  }

  private String openRefusal() {
    if (!open) {
      return closeReason();
    }
    if (goAwayReceived) {
      return "cannot open a yamux stream: the remote sent GoAway and accepts no new streams";
    }
    if (goAwaySent) {
      return "cannot open a yamux stream: this side sent GoAway";
    }
    return null;
  }

  private void failPendingOpens(String reason) {
    CompletableFuture<YamuxStream> future;
    while ((future = pendingOpens.poll()) != null) {
      future.completeExceptionally(new StreamResetException(reason));
    }
  }

  private YamuxStream newStream(int id, Direction direction) {
    ReceiveWindow window =
        new ReceiveWindow(
            config.initialWindow(), config.maxReceiveWindow(), windowBudget, System.nanoTime());
    YamuxStream stream = new YamuxStream(this, id, direction, window);
    streams.put(id, stream);
    return stream;
  }

  /** Called by a stream, from any thread, once both sides are done with it or it was reset. */
  void remove(YamuxStream stream, boolean wasUnacked) {
    if (!streams.remove(stream.id(), stream)) {
      return;
    }
    if (stream.direction() == Direction.INBOUND) {
      inboundOpen.decrementAndGet();
    }
    if (wasUnacked) {
      unacked.decrementAndGet();
      // Later, not inline: the caller holds the stream's lock and may be inside drainPendingOpens.
      try {
        ctx.executor().execute(this::drainPendingOpens);
      } catch (RejectedExecutionException e) {
        // The event loop is gone; teardown fails the pending opens.
      }
    }
  }

  // ---- Writing; any thread. ----

  void writeControl(YamuxFrame.Type type, int flags, int streamId, long length) {
    ChannelHandlerContext c = ctx;
    write(c, YamuxFrame.header(c.alloc(), type, flags, streamId, length));
  }

  void writeData(int streamId, byte[] src, int off, int len) {
    ChannelHandlerContext c = ctx;
    write(c, YamuxFrame.data(c.alloc(), streamId, src, off, len));
  }

  private static void write(ChannelHandlerContext c, ByteBuf frame) {
    // Frames from other threads queue on the event loop in call order; a failed write means the
    // connection is unusable, and closing it resets every stream.
    c.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /**
   * Writes a frame answering the remote, on the event loop. Answers are never dropped (a lost pong
   * or RST would stall the remote), but a remote that leaves {@link #MAX_QUEUED_RESPONSES} of them
   * unread is not reading at all, and is disconnected rather than buffered without bound.
   */
  private void respond(YamuxFrame.Type type, int flags, int streamId, long length) {
    if (queuedResponses >= MAX_QUEUED_RESPONSES) {
      log.warn(
          "yamux session with {}: {} answers unread, the remote does not read; closing",
          remote(),
          queuedResponses);
      setCloseReason("yamux session closed: the remote stopped reading");
      failed = true;
      ctx.close();
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

  /**
   * The minimum RTT, for window growth. Asking also refreshes it now and then: a single sample
   * taken while the JVM or the path was cold would otherwise overstate it for good.
   */
  long rttNanos() {
    long now = System.nanoTime();
    long sampled = rttSampledAt.get();
    if (now - sampled > RTT_REFRESH_NANOS && rttSampledAt.compareAndSet(sampled, now)) {
      ping();
    }
    return rttNanos;
  }

  // ---- Lifecycle. ----

  private void start() {
    if (started || !open) {
      return;
    }
    started = true;
    // A first RTT sample lets receive windows grow from the first transfer on.
    ping();
    long interval = config.keepAliveInterval().toNanos();
    if (interval > 0) {
      keepAlive =
          ctx.executor()
              .scheduleAtFixedRate(this::keepAliveTick, interval, interval, TimeUnit.NANOSECONDS);
    }
  }

  private void keepAliveTick() {
    if (!open) {
      return;
    }
    if (keepAlivePing != null && !keepAlivePing.isDone()) {
      log.info(
          "yamux keep-alive: no ping answer from {} within {}; closing the session",
          remote(),
          config.keepAliveInterval());
      setCloseReason("yamux keep-alive timed out");
      ctx.channel().close();
      return;
    }
    keepAlivePing = ping();
  }

  private void teardown() {
    if (!open) {
      return;
    }
    open = false;
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    String reason = closeReason();
    for (YamuxStream stream : streams.values()) {
      stream.onSessionClosed(reason);
    }
    streams.clear();
    failPendingOpens(reason);
    for (PendingPing ping : pings.values()) {
      ping.future().completeExceptionally(new StreamResetException(reason));
    }
    pings.clear();
    closeFuture.complete(null);
  }

  private void onEventLoop(Runnable task, CompletableFuture<?> future) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      future.completeExceptionally(
          new StreamResetException("yamux session is not attached to a channel"));
      return;
    }
    if (c.executor().inEventLoop()) {
      task.run();
      return;
    }
    try {
      c.executor().execute(task);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(closedException());
    }
  }

  private void setCloseReason(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  private String closeReason() {
    String reason = closeReason;
    return reason != null ? reason : "yamux session closed: the connection was lost";
  }

  private StreamResetException closedException() {
    return new StreamResetException(closeReason());
  }

  private Object remote() {
    ChannelHandlerContext c = ctx;
    return c == null ? "(unattached)" : c.channel().remoteAddress();
  }
}
