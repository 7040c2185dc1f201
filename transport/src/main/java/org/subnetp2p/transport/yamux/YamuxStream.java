package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;

/**
 * One Yamux stream: a {@link Stream} with blocking reads and writes, meant for virtual threads.
 *
 * <p>Inbound data waits in a buffer bounded by the receive window; window is granted back only as
 * {@link #read} consumes, so a reader that stops makes the remote writer stop. {@link #write}
 * splits data into frames of at most the remote's window and {@link YamuxConfig#maxFrameData}, and
 * blocks while the remote's window is exhausted or the connection's outbound buffer is above its
 * high water mark.
 *
 * <p>{@link #close()} or {@link #reset()} releases buffered data: the owner must call one of them
 * once done with the stream, even after reading to the end.
 *
 * <p>Safe for one reader and one writer thread at a time; {@link #reset()}, {@link #close()} and
 * the deadlines may be called from any thread.
 */
public final class YamuxStream implements Stream {
  private final YamuxSession session;
  private final int id;
  private final Direction direction;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();

  // Guarded by lock.
  private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
  private int buffered;
  private final ReceiveWindow receiveWindow;
  private long sendWindow = YamuxFrame.DEFAULT_WINDOW;
  private boolean localFin;
  private boolean remoteFin;
  private boolean readClosed;
  private String resetReason;
  private boolean acked;
  private boolean removed;

  private volatile Instant readDeadline;
  private volatile Instant writeDeadline;
  private volatile String protocol;

  YamuxStream(YamuxSession session, int id, Direction direction, ReceiveWindow receiveWindow) {
    this.session = session;
    this.id = id;
    this.direction = direction;
    this.receiveWindow = receiveWindow;
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

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      while (inbound.isEmpty()) {
        if (resetReason != null) {
          throw new StreamResetException(resetReason);
        }
        if (readClosed) {
          throw new IOException("yamux stream " + idString() + " is closed");
        }
        if (remoteFin) {
          return -1;
        }
        await(readable, readDeadline, "read");
      }
      int n = 0;
      while (n < len && !inbound.isEmpty()) {
        ByteBuf head = inbound.peek();
        int k = Math.min(len - n, head.readableBytes());
        head.readBytes(dst, off + n, k);
        n += k;
        if (!head.isReadable()) {
          inbound.poll().release();
        }
      }
      buffered -= n;
      if (!remoteFin) {
        int delta = receiveWindow.onConsumed(n, System.nanoTime(), session.rttNanos());
        if (delta > 0) {
          session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, 0, id, delta);
        }
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, src.length);
    if (len == 0) {
      lock.lock();
      try {
        checkWritable();
      } finally {
        lock.unlock();
      }
      return;
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      // One frame per lock hold, so the reader thread is never kept waiting for a whole write.
      lock.lock();
      try {
        while (true) {
          checkWritable();
          if (sendWindow > 0 && session.isWritable()) {
            break;
          }
          await(writable, writeDeadline, "write");
        }
        int n = (int) Math.min(Math.min(end - pos, sendWindow), session.maxFrameData());
        sendWindow -= n;
        // Queued while holding the lock, so a FIN from closeWrite() can never overtake data.
        session.writeData(id, src, pos, n);
        pos += n;
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    readDeadline = deadline;
    signal(readable);
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    writeDeadline = deadline;
    signal(writable);
  }

  @Override
  public void closeWrite() throws IOException {
    lock.lock();
    try {
      if (localFin) {
        return;
      }
      if (resetReason != null) {
        throw new StreamResetException(resetReason);
      }
      sendFin();
      removeIfDone();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void reset() {
    lock.lock();
    try {
      if (resetReason != null) {
        return;
      }
      // Once both sides sent FIN the remote has forgotten the stream: nothing to tell it.
      if (!removed) {
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
      }
      markReset("yamux stream " + idString() + " was reset locally");
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (resetReason != null) {
        return;
      }
      if (!localFin) {
        sendFin();
      }
      readClosed = true;
      discardInbound();
      readable.signalAll();
      removeIfDone();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return resetReason != null || (localFin && (remoteFin || readClosed));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "YamuxStream(" + idString() + ", " + direction + ", " + protocol + ")";
  }

  // ---- Called by the session on the event loop. ----

  /**
   * Takes ownership of {@code data} received for this stream.
   *
   * @return false if the data exceeds the window granted to the remote: a protocol error
   */
  boolean onData(ByteBuf data) {
    int n = data.readableBytes();
    lock.lock();
    try {
      if (resetReason != null) {
        // Sent before the remote learned of the reset.
        data.release();
        return true;
      }
      if (!receiveWindow.onReceived(n)) {
        data.release();
        return false;
      }
      if (n == 0) {
        data.release();
        return true;
      }
      if (remoteFin || readClosed) {
        // Data after the remote's FIN breaks the protocol; data after close() is unwanted.
        data.release();
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
        markReset(
            "yamux stream "
                + idString()
                + (remoteFin ? " received data after FIN" : " received data after close()"));
        return true;
      }
      inbound.add(data);
      buffered += n;
      readable.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  void onWindowUpdate(long delta) {
    lock.lock();
    try {
      sendWindow += delta;
      writable.signal();
    } finally {
      lock.unlock();
    }
  }

  void onRemoteFin() {
    lock.lock();
    try {
      if (resetReason != null || remoteFin) {
        return;
      }
      remoteFin = true;
      readable.signalAll();
      removeIfDone();
    } finally {
      lock.unlock();
    }
  }

  void onRemoteReset() {
    lock.lock();
    try {
      if (resetReason == null) {
        markReset("yamux stream " + idString() + " was reset by the remote");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Marks an outbound stream acknowledged; true the first time, when it leaves the backlog. */
  boolean markAcked() {
    lock.lock();
    try {
      if (acked) {
        return false;
      }
      acked = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void onSessionClosed(String reason) {
    lock.lock();
    try {
      if (resetReason == null) {
        markReset(reason);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a writer waiting for the connection to become writable. */
  void onChannelWritable() {
    signal(writable);
  }

  // ---- Test hooks. ----

  int bufferedBytes() {
    lock.lock();
    try {
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  int receiveWindowSize() {
    lock.lock();
    try {
      return receiveWindow.window();
    } finally {
      lock.unlock();
    }
  }

  long sendWindow() {
    lock.lock();
    try {
      return sendWindow;
    } finally {
      lock.unlock();
    }
  }

  // ---- Internals; the lock is held. ----

  private void checkWritable() throws IOException {
    if (resetReason != null) {
      throw new StreamResetException(resetReason);
    }
    if (localFin) {
      throw new IOException("yamux stream " + idString() + " is closed for writing");
    }
  }

  private void sendFin() {
    localFin = true;
    session.writeControl(YamuxFrame.Type.DATA, YamuxFrame.FLAG_FIN, id, 0);
    writable.signalAll();
  }

  private void markReset(String reason) {
    resetReason = reason;
    discardInbound();
    readable.signalAll();
    writable.signalAll();
    removeIfDone();
  }

  private void discardInbound() {
    ByteBuf b;
    while ((b = inbound.poll()) != null) {
      b.release();
    }
    buffered = 0;
  }

  /** Leaves the session once both sides are done; buffered data stays readable until close. */
  private void removeIfDone() {
    if (!removed && (resetReason != null || (localFin && remoteFin))) {
      removed = true;
      boolean wasUnacked = direction == Direction.OUTBOUND && !acked;
      acked = true;
      receiveWindow.release();
      session.remove(this, wasUnacked);
    }
  }

  private void signal(Condition condition) {
    lock.lock();
    try {
      condition.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void await(Condition condition, Instant deadline, String operation) throws IOException {
    try {
      if (deadline == null) {
        condition.await();
        return;
      }
      long nanos;
      try {
        nanos = Duration.between(Instant.now(), deadline).toNanos();
      } catch (ArithmeticException farFuture) {
        nanos = Long.MAX_VALUE;
      }
      if (nanos <= 0) {
        throw new SocketTimeoutException(
            operation + " deadline passed on yamux stream " + idString());
      }
      condition.awaitNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(operation + " interrupted on yamux stream " + idString());
    }
  }

  private String idString() {
    return Integer.toUnsignedString(id);
  }
}
