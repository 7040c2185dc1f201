package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;

/**
 * One Yamux stream: a {@link Stream} with blocking reads and writes, meant for virtual threads.
 *
 * <p>The event loop owns the stream's protocol state (receive window, memory charged, whether it
 * left the session); user threads never share a lock with it. Inbound data reaches the reader
 * through a lock-free queue, and the reader hands what it consumed back to the event loop, which
 * grants window in batches and returns the memory. Window is granted only as the reader consumes,
 * so a reader that stops makes the remote writer stop. {@link #write} splits data into frames of at
 * most the remote's window and {@link YamuxConfig#maxFrameData}, and waits while the remote's
 * window is exhausted or the connection's outbound buffer is above its high water mark. Control
 * frames (FIN, RST, window updates) are written by the event loop, in order after the data a thread
 * wrote before asking for them.
 *
 * <p>{@link #close()} or {@link #reset()} releases buffered data: the owner must call one of them
 * once done with the stream, even after reading to the end.
 *
 * <p>Safe for one reader and one writer thread at a time; {@link #reset()}, {@link #close()} and
 * the deadlines may be called from any thread, the event loop and timers included: none of them
 * ever waits.
 *
 * <p>This class is the stream's state machine (half-close from either side, reset, leaving the
 * session); its send side ({@code StreamSender}) and receive side ({@code StreamReceiver}, with
 * {@code StreamMemory}) are parts of their own.
 */
public final class YamuxStream implements Stream {
  /** The spec's largest window: a uint32. A window update beyond it is a protocol error. */
  static final long MAX_WINDOW = 0xFFFF_FFFFL;

  private final YamuxSession session;
  private final int id;
  private final Direction direction;
  private final StreamSender sender;
  private final StreamReceiver receiver;

  // Shared between the event loop and user threads, lock-free.
  private final AtomicReference<String> resetReason = new AtomicReference<>();
  private volatile boolean remoteFin;
  private volatile boolean readClosed;
  private volatile String protocol;

  // Event loop only.
  private boolean finSent;
  private boolean acked;
  private boolean removed;

  /** The session ended: the remote has forgotten every stream, no frame goes out any more. */
  private boolean sessionEnded;

  /**
   * A stream whose receive window starts at {@code initialWindow} (at least the spec's 256 KiB; the
   * part above it must already be reserved from {@code growthBudget}).
   */
  YamuxStream(
      YamuxSession session,
      int id,
      Direction direction,
      MemoryBudget budget,
      MemoryBudget growthBudget,
      int initialWindow,
      int maxWindow) {
    this.session = session;
    this.id = id;
    this.direction = direction;
    this.sender = new StreamSender(this, session);
    this.receiver =
        new StreamReceiver(this, session, budget, growthBudget, initialWindow, maxWindow);
  }

  /** The Yamux stream id (unsigned): odd when the client opened it, even for the server. */
  public int id() {
    return id;
  }

  /** Whether this side opened the stream ({@link Direction#OUTBOUND}) or the remote did. */
  public Direction direction() {
    return direction;
  }

  /** The session carrying this stream. */
  public YamuxSession session() {
    return session;
  }

  /** The negotiated protocol, as set by {@link #setProtocol}; {@code null} before negotiation. */
  @Override
  public String protocol() {
    return protocol;
  }

  /** Records the protocol the owner negotiated on this stream. */
  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  /** The connection given to {@link YamuxSession#setConnection}; {@code null} before. */
  @Override
  public Connection connection() {
    return session.connection();
  }

  // ---- Reading and writing: the reader and the writer thread. ----

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    return receiver.read(dst, off, len);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    sender.write(src, off, len);
  }

  // ---- Deadlines, half-close, close, reset: any thread, never waiting. ----

  @Override
  public void setReadDeadline(Instant deadline) {
    receiver.setDeadline(deadline);
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    sender.setDeadline(deadline);
  }

  @Override
  public void closeWrite() throws IOException {
    String reset = resetReason.get();
    if (reset != null) {
      throw new StreamResetException(reset);
    }
    sender.requestFin();
  }

  @Override
  public void reset() {
    if (markReset("yamux stream " + idString() + " was reset locally")) {
      onEventLoop(() -> afterReset(true));
    }
  }

  @Override
  public void close() {
    if (resetReason.get() != null || readClosed) {
      return;
    }
    readClosed = true;
    receiver.markDiscarded();
    sender.requestFin();
    onEventLoop(this::discardInbound);
  }

  @Override
  public boolean isClosed() {
    return resetReason.get() != null || (sender.finRequested() && (remoteFin || readClosed));
  }

  @Override
  public String toString() {
    return "YamuxStream(" + idString() + ", " + direction + ", " + protocol + ")";
  }

  /**
   * Runs {@code task} on the session's event loop; once that is gone (the session ended and nothing
   * else touches the stream) here, so that buffers are still released.
   */
  private void onEventLoop(Runnable task) {
    if (!session.execute(task)) {
      task.run();
    }
  }

  /** Records the reset and wakes both sides; false if it was reset already. */
  private boolean markReset(String reason) {
    if (!resetReason.compareAndSet(null, reason)) {
      return false;
    }
    receiver.markDiscarded();
    sender.signal();
    return true;
  }

  // ---- State the send and receive sides read. ----

  /** Why the stream was reset, or null. */
  String resetReason() {
    return resetReason.get();
  }

  boolean remoteFin() {
    return remoteFin;
  }

  boolean readClosed() {
    return readClosed;
  }

  /** Whether the stream left the session (event loop only). */
  boolean removed() {
    return removed;
  }

  // ---- The event loop. ----

  /**
   * Takes ownership of {@code data} received for this stream.
   *
   * @return false if the data exceeds the window granted to the remote: a protocol error
   */
  boolean onData(ByteBuf data) {
    int n = data.readableBytes();
    if (!receiver.onReceived(n)) {
      data.release();
      return false;
    }
    if (n == 0 || resetReason.get() != null) {
      data.release(); // the remote sent it before it learned of the reset
      return true;
    }
    if (remoteFin || readClosed) {
      data.release();
      resetHere(
          "yamux stream "
              + idString()
              + (remoteFin ? " received data after FIN" : " received data after close()"));
      return true;
    }
    receiver.settle();
    if (!receiver.buffer(data)) {
      data.release();
      session.onMemoryExhausted(this);
      resetHere(
          "yamux stream "
              + idString()
              + " was reset: the connection's memory budget of "
              + receiver.memoryLimit()
              + " bytes is used up");
    }
    return true;
  }

  /** Whether a data frame of {@code length} bytes fits in the window the remote was granted. */
  boolean admits(long length) {
    return receiver.admits(length);
  }

  /** Adds window granted by the remote; false if it overflows the spec's uint32. */
  boolean onWindowUpdate(long delta) {
    return sender.onWindowUpdate(delta);
  }

  void onRemoteFin() {
    if (resetReason.get() != null || remoteFin) {
      return;
    }
    remoteFin = true;
    receiver.signal();
    removeIfDone();
  }

  void onRemoteReset() {
    if (markReset("yamux stream " + idString() + " was reset by the remote")) {
      afterReset(false);
    }
  }

  /** The session ended: fails blocked and later calls with {@code reason}. */
  void onSessionClosed(String reason) {
    removed = true; // the session's table is cleared as a whole
    sessionEnded = true;
    markReset(reason);
    discardInbound();
  }

  /** Marks an outbound stream acknowledged; true the first time, when it leaves the backlog. */
  boolean markAcked() {
    if (acked) {
      return false;
    }
    acked = true;
    return true;
  }

  /** Wakes a writer waiting for the connection to become writable. */
  void onChannelWritable() {
    sender.signal();
  }

  /** Sends {@code data} (and FIN) right after the SYN; see {@link StreamSender#writeInitial}. */
  void writeInitial(byte[] data, boolean fin) {
    sender.writeInitial(data, fin);
  }

  /** Brings the event loop's accounting up to date with what the reader consumed. */
  void settle() {
    receiver.settle();
  }

  /** Sends FIN, once, on the event loop. */
  void sendFin() {
    if (resetReason.get() != null || finSent) {
      return;
    }
    finSent = true;
    session.writeControl(YamuxFrame.Type.DATA, YamuxFrame.FLAG_FIN, id, 0);
    removeIfDone();
  }

  /** A reset decided here on the event loop: tell the remote, then let go. */
  private void resetHere(String reason) {
    if (markReset(reason)) {
      afterReset(true);
    }
  }

  private void afterReset(boolean tellRemote) {
    // Once both sides sent FIN (or the session ended) the remote has forgotten the stream.
    // RST rides on an empty data frame, which the spec allows as well as a window update:
    // py-libp2p (yamux.py, handle_incoming) honours RST only on data frames and would take a
    // WINDOW_UPDATE|RST for a window update of 0, leaving its reader waiting without a timeout.
    // Not "!removed": reset() marks the stream before this runs on the event loop, and any
    // removeIfDone() in between (a FIN or a read's window update) removes it already; the remote
    // must still learn of the reset, or a reader there waits for an answer that never comes.
    if (tellRemote && !sessionEnded && !(finSent && remoteFin)) {
      session.writeControl(YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, id, 0);
    }
    discardInbound();
    removeIfDone();
  }

  /** Releases queued data and every byte charged; later data is refused. */
  private void discardInbound() {
    receiver.discard();
    removeIfDone();
  }

  /** Leaves the session once both sides are done; buffered data stays readable until close. */
  private void removeIfDone() {
    if (!removed && (resetReason.get() != null || (finSent && remoteFin))) {
      removed = true;
      boolean wasUnacked = direction == Direction.OUTBOUND && !acked;
      acked = true;
      receiver.releaseWindow(); // no window is granted any more
      session.remove(this, wasUnacked);
    }
  }

  // ---- Test hooks. ----

  long bufferedBytes() {
    return receiver.bufferedBytes();
  }

  int receiveWindowSize() {
    return receiver.windowSize();
  }

  long sendWindow() {
    return sender.window();
  }

  String idString() {
    return Integer.toUnsignedString(id);
  }
}
