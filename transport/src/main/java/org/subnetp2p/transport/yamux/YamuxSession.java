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
 * <p>The remote is held to the protocol, and a breach costs it this connection (GoAway(protocol
 * error), then close): a data frame beyond its stream's window (judged by its header, before the
 * payload is buffered), a window update past 2^32 - 1, a SYN reusing a stream id, a frame for a
 * stream id never opened. Memory it can make us hold is bounded by {@link
 * YamuxConfig#connectionMemory()} (within the host's budget): data that does not fit resets its
 * stream. After GoAway from either side no new stream opens, and the session closes itself once the
 * last stream is done. Keep-alive pings find a peer that vanished without closing the connection.
 *
 * <p>Closing the session (by {@link #close()}, by closing the channel, or by losing the connection)
 * resets every open stream: blocked reads and writes throw {@link StreamResetException}.
 *
 * <p>Everything about the session's state happens on its event loop; user threads only post to it
 * and never share a lock with it. One instance per channel; every public method is thread-safe.
 */
public final class YamuxSession extends ChannelDuplexHandler {
  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;

  /**
   * Frames answering the remote (pongs, ACKs, RSTs) still waiting to be written. Each costs the
   * remote a frame of its own, so only a remote that sends without reading runs this up.
   */
  static final int MAX_QUEUED_RESPONSES = 10_000;

  /** Opens waiting for the ACK backlog beyond this fail at once: a bound on the queue. */
  static final int MAX_PENDING_OPENS = 1024;

  /** Pings awaiting an answer beyond this fail at once: a silent peer cannot grow the table. */
  static final int MAX_PENDING_PINGS = 64;

  private static final byte[] NO_DATA = new byte[0];

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

  /** An open waiting for the ACK backlog, with what to send right after its SYN. */
  private record PendingOpen(CompletableFuture<YamuxStream> future, byte[] initial, boolean fin) {}

  private final Role role;
  private final Consumer<YamuxStream> inboundStreams;
  private final YamuxConfig config;
  private final MemoryBudget budget;
  private final MemoryBudget growthBudget;
  private final ConcurrentHashMap<Integer, YamuxStream> streams = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong memoryResets = new AtomicLong();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

  private volatile ChannelHandlerContext ctx;
  private volatile Connection connection;
  private volatile boolean open = true;
  private volatile boolean goAwaySent;
  private volatile boolean goAwayReceived;
  private volatile long rttNanos;
  private final AtomicLong rttSampledAt = new AtomicLong(System.nanoTime());
  private volatile String closeReason;
  private volatile boolean peerUnresponsive;

  // Event loop only.
  private final ArrayDeque<PendingOpen> pendingOpens = new ArrayDeque<>();
  private final Map<Integer, PendingPing> pings = new HashMap<>();
  private long nextStreamId;
  private long lastRemoteStreamId; // the highest id the remote opened, unsigned
  private int inboundOpen;
  private int unacked;
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
    this.inboundStreams = Objects.requireNonNull(inboundStreams, "inboundStreams");
    this.config = Objects.requireNonNull(config, "config");
    this.budget = hostMemory.child(config.connectionMemory());
    // Windows may grow into half of it; the other half stays for the data every stream may send
    // within its initial window, so that growth on busy streams never crowds out the rest.
    this.growthBudget = budget.child(Math.max(1, config.connectionMemory() / 2));
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
    CompletableFuture<YamuxStream> future = new CompletableFuture<>();
    PendingOpen open = new PendingOpen(future, initial, fin);
    boolean posted =
        execute(
            () -> {
              if (future.isDone()) {
                return; // the caller gave up before the open was queued
              }
              if (pendingOpens.size() >= MAX_PENDING_OPENS) {
                future.completeExceptionally(
                    new StreamResetException(
                        "cannot open a yamux stream: "
                            + MAX_PENDING_OPENS
                            + " opens already wait for the remote to acknowledge earlier ones"));
                return;
              }
              pendingOpens.add(open);
              drainPendingOpens();
              // A caller that gives up while the open waits takes it out of the queue (at once if
              // it gave up meanwhile), so cancelled opens never fill the queue's bound.
              future.whenComplete(
                  (s, e) -> {
                    if (e != null) {
                      execute(() -> pendingOpens.remove(open));
                    }
                  });
            });
    if (!posted) {
      future.completeExceptionally(closedException());
    }
    return future;
  }

  /**
   * Measures the round-trip time with a ping. Fails with {@link StreamResetException} if the
   * session closes first.
   */
  public CompletableFuture<Duration> ping() {
    CompletableFuture<Duration> future = new CompletableFuture<>();
    boolean posted =
        execute(
            () -> {
              if (!open) {
                future.completeExceptionally(closedException());
                return;
              }
              if (pings.size() >= MAX_PENDING_PINGS) {
                future.completeExceptionally(
                    new StreamResetException(
                        "yamux ping: " + MAX_PENDING_PINGS + " pings already unanswered"));
                return;
              }
              int opaque = nextPingId++;
              pings.put(opaque, new PendingPing(System.nanoTime(), future));
              writeControl(
                  YamuxFrame.Type.PING, YamuxFrame.FLAG_SYN, 0, Integer.toUnsignedLong(opaque));
            });
    if (!posted) {
      future.completeExceptionally(closedException());
    }
    return future;
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
              closeIfDrained();
            });
    if (!posted) {
      future.completeExceptionally(closedException());
    }
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

  /** Streams the remote opened that are open now, including half-closed ones. */
  public int inboundStreamCount() {
    return (int) streams.values().stream().filter(s -> s.direction() == Direction.INBOUND).count();
  }

  /** Inbound streams refused with RST so far because of {@link YamuxConfig#maxInboundStreams()}. */
  public long refusedStreams() {
    return refused.get();
  }

  /** Streams reset so far because their data did not fit in the memory budget. */
  public long memoryResets() {
    return memoryResets.get();
  }

  /** Bytes of the connection's memory budget in use now. */
  public long memoryUsed() {
    return budget.used();
  }

  /**
   * Whether the session ended because the peer stopped answering keep-alive pings: it vanished
   * without closing the connection (powered off, partitioned, frozen).
   */
  public boolean peerUnresponsive() {
    return peerUnresponsive;
  }

  /** Why the session closed, or {@code null} while it is open. */
  public String closeReason() {
    return open ? null : closeReasonOrDefault();
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
            ctx.name(),
            ctx.name() + "-frames",
            new YamuxFrameDecoder(config.maxReceiveWindow(), this::admitData));
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

  /**
   * Judges a data frame by its header, before its payload is buffered: one beyond its stream's
   * window is a protocol error; the payload for a stream that is gone is skipped, never held.
   */
  private YamuxFrameDecoder.Verdict admitData(int id, int flags, long length) {
    if (failed || !open) {
      return YamuxFrameDecoder.Verdict.DISCARD;
    }
    if ((flags & YamuxFrame.FLAG_SYN) != 0) {
      if (length > YamuxFrame.DEFAULT_WINDOW) {
        throw new YamuxProtocolException(
            "a SYN data frame of " + length + " bytes exceeds a new stream's 256 KiB window");
      }
      return YamuxFrameDecoder.Verdict.ACCEPT;
    }
    if (id == 0) {
      return YamuxFrameDecoder.Verdict.ACCEPT; // refused with the frame
    }
    YamuxStream stream = streams.get(id);
    if (stream == null) {
      if (neverOpened(id)) {
        throw new YamuxProtocolException(
            "data frame for stream " + Integer.toUnsignedString(id) + ", which was never opened");
      }
      return YamuxFrameDecoder.Verdict.DISCARD; // finished or reset here: data in flight
    }
    if (!stream.admits(length)) {
      throw new YamuxProtocolException(
          "a data frame of "
              + length
              + " bytes on stream "
              + Integer.toUnsignedString(id)
              + " exceeds the window granted");
    }
    return YamuxFrameDecoder.Verdict.ACCEPT;
  }

  /** Whether no stream with {@code id} was ever opened, by either side. */
  private boolean neverOpened(int id) {
    long unsigned = Integer.toUnsignedLong(id);
    boolean ours = (id & 1) == (role == Role.CLIENT ? 1 : 0);
    return ours ? unsigned >= nextStreamId : unsigned > lastRemoteStreamId;
  }

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
      if (stream == null && neverOpened(id)) {
        frame.release();
        protocolError(
            frame.type + " frame for stream " + Integer.toUnsignedString(id) + ", never opened");
        return;
      }
      // Otherwise the stream finished or was reset here: what the remote sent meanwhile is moot.
    }
    if (stream == null) {
      frame.release();
      return;
    }
    if (frame.has(YamuxFrame.FLAG_ACK)
        && stream.direction() == Direction.OUTBOUND
        && stream.markAcked()) {
      unacked--;
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
    } else if (frame.length > 0 && !stream.onWindowUpdate(frame.length)) {
      protocolError(
          "a window update on stream "
              + Integer.toUnsignedString(id)
              + " grows its window past 2^32 - 1 bytes");
      return;
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
    long unsigned = Integer.toUnsignedLong(id);
    if (unsigned <= lastRemoteStreamId) {
      // Ids only grow: an id seen before is open, or finished and must not come back.
      protocolError("SYN for stream " + Integer.toUnsignedString(id) + ", an id already used");
      return null;
    }
    lastRemoteStreamId = unsigned;
    if (goAwaySent || goAwayReceived) {
      respond(YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, id, 0); // see YamuxStream#afterReset
      return null;
    }
    if (inboundOpen >= config.maxInboundStreams()) {
      refused.incrementAndGet();
      log.debug(
          "refusing yamux stream {} from {}: {} inbound streams already open",
          Integer.toUnsignedString(id),
          remote(),
          config.maxInboundStreams());
      respond(YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, id, 0); // see YamuxStream#afterReset
      return null;
    }
    YamuxStream stream = newStream(id, Direction.INBOUND);
    inboundOpen++;
    // The window raise may ride on the ACK: py-libp2p reads WINDOW_UPDATE|ACK as a plain window
    // update (only SYN makes it drop the length), as do go, js and rust.
    respond(
        YamuxFrame.Type.WINDOW_UPDATE,
        YamuxFrame.FLAG_ACK,
        id,
        stream.receiveWindowSize() - YamuxFrame.DEFAULT_WINDOW);
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
      setCloseReason("yamux session closed: the remote sent GoAway and its last stream is done");
      closeIfDrained();
    } else {
      String code =
          frame.length == YamuxFrame.GO_AWAY_PROTOCOL_ERROR
              ? "protocol error"
              : frame.length == YamuxFrame.GO_AWAY_INTERNAL_ERROR
                  ? "internal error"
                  : "code " + frame.length;
      log.debug("yamux session with {} ended by the remote: GoAway({})", remote(), code);
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
      if (unacked >= config.maxAckBacklog()) {
        return;
      }
      PendingOpen open = pendingOpens.poll();
      if (open.future().isDone()) {
        continue;
      }
      if (nextStreamId > MAX_STREAM_ID) {
        open.future()
            .completeExceptionally(
                new StreamResetException("yamux stream ids exhausted on this session"));
        continue;
      }
      int id = (int) nextStreamId;
      nextStreamId += 2;
      YamuxStream stream = newStream(id, Direction.OUTBOUND);
      unacked++;
      // The SYN carries no window: a raise beyond 256 KiB follows in a plain window update.
      // py-libp2p (yamux.py, handle_incoming) opens a stream on WINDOW_UPDATE|SYN but drops its
      // length, so a raise sent with the SYN would be lost: the Python writer would stop at 256
      // KiB while we, believing we granted more, would wait for half of that to be read before
      // granting again (a stall; py-libp2p's writer gives up after 5 s). A plain window update is
      // honoured by every implementation; it costs 12 bytes, and only with a raised window.
      writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0);
      int raise = stream.receiveWindowSize() - YamuxFrame.DEFAULT_WINDOW;
      if (raise > 0) {
        writeControl(YamuxFrame.Type.WINDOW_UPDATE, 0, id, raise);
      }
      stream.writeInitial(open.initial(), open.fin());
      if (!open.future().complete(stream)) {
        stream.reset();
      }
    }
  }

  private String openRefusal() {
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

  private void failPendingOpens(String reason) {
    PendingOpen open;
    while ((open = pendingOpens.poll()) != null) {
      open.future().completeExceptionally(new StreamResetException(reason));
    }
  }

  /** A new stream; its window beyond the spec's 256 KiB only if the budget can pay for it. */
  private YamuxStream newStream(int id, Direction direction) {
    int extra = config.initialWindow() - YamuxFrame.DEFAULT_WINDOW;
    if (extra > 0 && !growthBudget.tryReserve(extra)) {
      extra = 0;
    }
    YamuxStream stream =
        new YamuxStream(
            this,
            id,
            direction,
            budget,
            growthBudget,
            YamuxFrame.DEFAULT_WINDOW + extra,
            config.maxReceiveWindow());
    streams.put(id, stream);
    return stream;
  }

  /** Called by a stream, on the event loop, once both sides are done with it or it was reset. */
  void remove(YamuxStream stream, boolean wasUnacked) {
    if (!streams.remove(stream.id(), stream)) {
      return;
    }
    if (stream.direction() == Direction.INBOUND) {
      inboundOpen--;
    }
    if (wasUnacked) {
      unacked--;
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
    if ((goAwaySent || goAwayReceived) && open && !failed && streams.isEmpty()) {
      setCloseReason("yamux session closed after GoAway: its last stream is done");
      ctx.close();
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
    memoryResets.incrementAndGet();
    log.debug(
        "yamux session with {}: memory budget of {} bytes used up, resetting {}",
        remote(),
        budget.limit(),
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

  /** Pings the peer; one that does not answer within the keep-alive timeout is gone. */
  private void keepAliveTick() {
    if (!open || (keepAlivePing != null && !keepAlivePing.isDone())) {
      return;
    }
    CompletableFuture<Duration> ping = ping();
    keepAlivePing = ping;
    Duration timeout = config.keepAliveTimeout();
    ScheduledFuture<?> check =
        ctx.executor()
            .schedule(
                () -> {
                  if (open && !ping.isDone()) {
                    log.info(
                        "yamux keep-alive: no answer from {} within {} ms; closing the session",
                        remote(),
                        timeout.toMillis());
                    peerUnresponsive = true;
                    setCloseReason(
                        "yamux keep-alive: the peer did not answer within "
                            + timeout.toMillis()
                            + " ms");
                    ctx.channel().close();
                  }
                },
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    ping.whenComplete((rtt, e) -> check.cancel(false));
  }

  private void teardown() {
    if (!open) {
      return;
    }
    open = false;
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    String reason = closeReasonOrDefault();
    for (YamuxStream stream : streams.values()) {
      stream.onSessionClosed(reason);
    }
    streams.clear();
    failPendingOpens(reason);
    for (PendingPing ping : pings.values()) {
      ping.future().completeExceptionally(new StreamResetException(reason));
    }
    pings.clear();
    growthBudget.close();
    budget.close(); // what streams gone from the table still hold goes back to the host
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

  private void setCloseReason(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  private String closeReasonOrDefault() {
    String reason = closeReason;
    return reason != null ? reason : "yamux session closed: the connection was lost";
  }

  private StreamResetException closedException() {
    return new StreamResetException(closeReasonOrDefault());
  }

  private Object remote() {
    ChannelHandlerContext c = ctx;
    return c == null ? "(unattached)" : c.channel().remoteAddress();
  }
}
