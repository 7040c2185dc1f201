package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class YamuxStream implements Stream {
  /** The spec's largest window: a uint32. A window update beyond it is a protocol error. */
  static final long MAX_WINDOW = 0xFFFF_FFFFL;

  // Bits of writeState: a write in progress, FIN asked for, FIN handed to the event loop.
  private static final int WRITING = 1;
  private static final int FIN_REQUESTED = 2;
  private static final int FIN_QUEUED = 4;

  private final YamuxSession session;
  private final int id;
  private final Direction direction;
  private final Waiter readers = new Waiter();
  private final Waiter writers = new Waiter();

  // Shared between the event loop and user threads, lock-free.
  private final ConcurrentLinkedQueue<ByteBuf> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicReference<ByteBuf> partlyRead = new AtomicReference<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong consumed = new AtomicLong(); // read, not yet settled by the event loop
  private final AtomicBoolean settleQueued = new AtomicBoolean();
  private final AtomicLong sendWindow = new AtomicLong(YamuxFrame.DEFAULT_WINDOW);
  private final AtomicInteger writeState = new AtomicInteger();
  private final AtomicReference<String> resetReason = new AtomicReference<>();
  private volatile boolean remoteFin;
  private volatile boolean readClosed;
  private volatile boolean discarded; // inbound data is released and no more is kept
  private volatile Instant readDeadline;
  private volatile Instant writeDeadline;
  private volatile String protocol;

  // Event loop only. Memory: a window grown beyond the spec's 256 KiB is paid for in full, from the
  // connection's growth budget; buffered data beyond that is paid for as it arrives.
  private final MemoryBudget budget;
  private final MemoryBudget growthBudget;
  private final ReceiveWindow receiveWindow;
  private long buffered; // received and not yet settled as consumed
  private long reserved; // window beyond the initial 256 KiB, taken from growthBudget
  private long overflow; // taken from budget: buffered beyond reserved
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
    this.budget = budget;
    this.growthBudget = growthBudget;
    this.reserved = initialWindow - YamuxFrame.DEFAULT_WINDOW;
    this.receiveWindow =
        new ReceiveWindow(initialWindow, maxWindow, this::reserveGrowth, System.nanoTime());
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

  // ---- Reading; the reader thread. ----

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      String reset = resetReason.get();
      if (reset != null) {
        throw new StreamResetException(reset);
      }
      if (readClosed) {
        throw new IOException("yamux stream " + idString() + " is closed");
      }
      boolean fin = remoteFin; // read first: data queued before the FIN is then visible
      int n = take(dst, off, len);
      if (n > 0) {
        onConsumed(n);
        return n;
      }
      if (fin) {
        return -1;
      }
      readers.await(this::readable, () -> readDeadline, "read on yamux stream " + idString());
    }
  }

  private boolean readable() {
    return resetReason.get() != null
        || readClosed
        || remoteFin
        || partlyRead.get() != null
        || !inbound.isEmpty();
  }

  /** Copies queued data, in order; a buffer read in part is kept for the next read. */
  private int take(byte[] dst, int off, int len) {
    int n = 0;
    while (n < len) {
      ByteBuf b = partlyRead.getAndSet(null);
      if (b == null) {
        b = inbound.poll();
      }
      if (b == null) {
        break;
      }
      int k = Math.min(len - n, b.readableBytes());
      b.readBytes(dst, off + n, k);
      n += k;
      if (b.isReadable()) {
        keepPartlyRead(b);
        break;
      }
      b.release();
    }
    return n;
  }

  /**
   * Puts a buffer read in part back for the next read. If the stream was discarded meanwhile, the
   * event loop may have missed it: whichever side takes it back releases it, exactly once.
   */
  private void keepPartlyRead(ByteBuf b) {
    partlyRead.set(b);
    if (discarded) {
      ByteBuf back = partlyRead.getAndSet(null);
      if (back != null) {
        back.release();
      }
    }
  }

  /** Hands consumed bytes to the event loop, which grants window and returns memory. */
  private void onConsumed(int n) {
    queuedBytes.addAndGet(-n);
    consumed.addAndGet(n);
    if (settleQueued.compareAndSet(false, true)) {
      session.execute(this::settle);
    }
  }

  // ---- Writing; the writer thread. ----

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, src.length);
    if (len == 0) {
      checkWritable();
      return;
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      checkWritable();
      long window = sendWindow.get();
      if (window <= 0 || !session.isWritable()) {
        writers.await(this::writable, () -> writeDeadline, "write on yamux stream " + idString());
        continue;
      }
      int n = (int) Math.min(Math.min(end - pos, window), session.maxFrameData());
      if (!sendWindow.compareAndSet(window, window - n)) {
        continue;
      }
      if (!beginWrite()) {
        sendWindow.addAndGet(n);
        checkWritable();
      }
      try {
        session.writeData(id, src, pos, n);
      } finally {
        endWrite();
      }
      pos += n;
    }
  }

  private boolean writable() {
    return resetReason.get() != null
        || (writeState.get() & FIN_REQUESTED) != 0
        || (sendWindow.get() > 0 && session.isWritable());
  }

  private void checkWritable() throws IOException {
    String reset = resetReason.get();
    if (reset != null) {
      throw new StreamResetException(reset);
    }
    if ((writeState.get() & FIN_REQUESTED) != 0) {
      throw new IOException("yamux stream " + idString() + " is closed for writing");
    }
  }

  /** Marks a frame being queued, unless FIN was asked for: no data may follow the FIN. */
  private boolean beginWrite() {
    while (true) {
      int s = writeState.get();
      if ((s & FIN_REQUESTED) != 0) {
        return false;
      }
      if (writeState.compareAndSet(s, s | WRITING)) {
        return true;
      }
    }
  }

  /** Ends a frame; a FIN asked for meanwhile (by another thread) is sent now, after the frame. */
  private void endWrite() {
    while (true) {
      int s = writeState.get();
      boolean finDue = (s & FIN_REQUESTED) != 0 && (s & FIN_QUEUED) == 0;
      int next = (s & ~WRITING) | (finDue ? FIN_QUEUED : 0);
      if (writeState.compareAndSet(s, next)) {
        if (finDue) {
          session.execute(this::sendFin);
        }
        return;
      }
    }
  }

  /** Asks for FIN once: sent now, or by the write in progress when it ends. */
  private void requestFin() {
    while (true) {
      int s = writeState.get();
      if ((s & FIN_REQUESTED) != 0) {
        return;
      }
      boolean now = (s & WRITING) == 0;
      int next = s | FIN_REQUESTED | (now ? FIN_QUEUED : 0);
      if (writeState.compareAndSet(s, next)) {
        writers.signal();
        if (now) {
          session.execute(this::sendFin);
        }
        return;
      }
    }
  }

  // ---- Deadlines, half-close, close, reset: any thread, never waiting. ----

  @Override
  public void setReadDeadline(Instant deadline) {
    readDeadline = deadline;
    readers.signal();
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    writeDeadline = deadline;
    writers.signal();
  }

  @Override
  public void closeWrite() throws IOException {
    String reset = resetReason.get();
    if (reset != null) {
      throw new StreamResetException(reset);
    }
    requestFin();
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
    discarded = true;
    readers.signal();
    requestFin();
    onEventLoop(this::discardInbound);
  }

  @Override
  public boolean isClosed() {
    return resetReason.get() != null
        || ((writeState.get() & FIN_REQUESTED) != 0 && (remoteFin || readClosed));
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
    discarded = true;
    readers.signal();
    writers.signal();
    return true;
  }

  // ---- The event loop. ----

  /**
   * Takes ownership of {@code data} received for this stream.
   *
   * @return false if the data exceeds the window granted to the remote: a protocol error
   */
  boolean onData(ByteBuf data) {
    int n = data.readableBytes();
    if (!receiveWindow.onReceived(n)) {
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
    settle();
    if (!charge(n)) {
      data.release();
      session.onMemoryExhausted(this);
      resetHere(
          "yamux stream "
              + idString()
              + " was reset: the connection's memory budget of "
              + budget.limit()
              + " bytes is used up");
      return true;
    }
    buffered += n;
    queuedBytes.addAndGet(n);
    inbound.add(data);
    readers.signal();
    return true;
  }

  /** Whether a data frame of {@code length} bytes fits in the window the remote was granted. */
  boolean admits(long length) {
    return length <= receiveWindow.credit();
  }

  /** Adds window granted by the remote; false if it overflows the spec's uint32. */
  boolean onWindowUpdate(long delta) {
    long window = sendWindow.addAndGet(delta);
    if (window > MAX_WINDOW) {
      return false;
    }
    writers.signal();
    return true;
  }

  void onRemoteFin() {
    if (resetReason.get() != null || remoteFin) {
      return;
    }
    remoteFin = true;
    readers.signal();
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
    writers.signal();
  }

  /**
   * Sends {@code data} (and FIN) right after the SYN, without waiting: it fits in the window every
   * new stream starts with, and the connection's outbound buffer takes it as backpressure.
   */
  void writeInitial(byte[] data, boolean fin) {
    if (data.length > 0) {
      sendWindow.addAndGet(-data.length);
      for (int pos = 0; pos < data.length; pos += session.maxFrameData()) {
        session.writeData(id, data, pos, Math.min(session.maxFrameData(), data.length - pos));
      }
    }
    if (fin) {
      writeState.set(FIN_REQUESTED | FIN_QUEUED);
      sendFin();
    }
  }

  /** Brings the event loop's accounting up to date with what the reader consumed. */
  void settle() {
    settleQueued.set(false);
    long c = consumed.getAndSet(0);
    if (c == 0 || discarded) {
      return;
    }
    buffered = Math.max(0, buffered - c);
    uncharge();
    if (!remoteFin && !removed) {
      int delta = receiveWindow.onConsumed((int) c, System.nanoTime(), session.rttNanos());
      if (delta > 0) {
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, 0, id, delta);
      }
    }
  }

  private void sendFin() {
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
    discarded = true;
    ByteBuf b;
    while ((b = inbound.poll()) != null) {
      b.release();
    }
    b = partlyRead.getAndSet(null);
    if (b != null) {
      b.release();
    }
    queuedBytes.set(0);
    consumed.set(0);
    buffered = 0;
    releaseWindow();
    removeIfDone();
  }

  /** Leaves the session once both sides are done; buffered data stays readable until close. */
  private void removeIfDone() {
    if (!removed && (resetReason.get() != null || (finSent && remoteFin))) {
      removed = true;
      boolean wasUnacked = direction == Direction.OUTBOUND && !acked;
      acked = true;
      releaseWindow(); // no window is granted any more
      session.remove(this, wasUnacked);
    }
  }

  /** Takes memory for {@code n} more buffered bytes; false if the budget has no room. */
  private boolean charge(long n) {
    long need = Math.max(0, buffered + n - reserved) - overflow;
    if (need <= 0) {
      return true;
    }
    if (!budget.tryReserve(need)) {
      session.settleAll(); // other streams' readers may have consumed more than was accounted
      need = Math.max(0, buffered + n - reserved) - overflow;
      if (need > 0 && !budget.tryReserve(need)) {
        return false;
      }
    }
    overflow += Math.max(0, need);
    return true;
  }

  /** Pays for window growth in full; returns the growth granted (all or nothing). */
  private long reserveGrowth(long want) {
    if (!growthBudget.tryReserve(want)) {
      return 0;
    }
    reserved += want;
    uncharge(); // buffered data the grown window now covers
    return want;
  }

  /** Returns what is charged for buffered data the stream no longer holds. */
  private void uncharge() {
    long target = Math.max(0, buffered - reserved);
    if (overflow > target) {
      budget.release(overflow - target);
      overflow = target;
    }
  }

  /** Gives back the grown window; buffered data beyond it is charged as overflow. */
  private void releaseWindow() {
    growthBudget.release(reserved);
    reserved = 0;
    // What the released window covered would now count as overflow: the data is on its way out
    // (read to the end, or discarded), so it is not charged again.
    buffered = Math.min(buffered, overflow);
    uncharge();
  }

  // ---- Test hooks. ----

  long bufferedBytes() {
    return queuedBytes.get();
  }

  int receiveWindowSize() {
    return receiveWindow.window();
  }

  long sendWindow() {
    return sendWindow.get();
  }

  private String idString() {
    return Integer.toUnsignedString(id);
  }
}
