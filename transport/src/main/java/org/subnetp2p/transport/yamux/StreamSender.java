package org.subnetp2p.transport.yamux;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.subnetp2p.core.host.StreamResetException;

/**
 * A stream's send side: the window the remote granted, frames of at most that and {@link
 * YamuxConfig#maxFrameData}, the writer waiting while the window is spent or the connection's
 * outbound buffer is above its high water mark (the backpressure), and the FIN, which must follow
 * the last frame a writer queued. The writer thread and the event loop share it, lock-free.
 */
final class StreamSender {
  // Bits of writeState: a write in progress, FIN asked for, FIN handed to the event loop.
  private static final int WRITING = 1;
  private static final int FIN_REQUESTED = 2;
  private static final int FIN_QUEUED = 4;

  private final YamuxStream stream;
  private final YamuxSession session;
  private final Waiter writers = new Waiter();
  private final AtomicLong sendWindow = new AtomicLong(YamuxFrame.DEFAULT_WINDOW);
  private final AtomicInteger writeState = new AtomicInteger();
  private volatile Instant writeDeadline;

  StreamSender(YamuxStream stream, YamuxSession session) {
    this.stream = stream;
    this.session = session;
  }

  /** See {@link YamuxStream#write}; the writer thread. */
  void write(byte[] src, int off, int len) throws IOException {
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
        writers.await(
            this::writable, () -> writeDeadline, "write on yamux stream " + stream.idString());
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
        session.writeData(stream.id(), src, pos, n);
      } finally {
        endWrite();
      }
      pos += n;
    }
  }

  private boolean writable() {
    return stream.resetReason() != null
        || stream.sessionEndReason() != null
        || (writeState.get() & FIN_REQUESTED) != 0
        || (sendWindow.get() > 0 && session.isWritable());
  }

  private void checkWritable() throws IOException {
    String reset = stream.resetReason();
    if (reset == null) {
      reset = stream.sessionEndReason();
    }
    if (reset != null) {
      throw new StreamResetException(reset);
    }
    if ((writeState.get() & FIN_REQUESTED) != 0) {
      throw new IOException("yamux stream " + stream.idString() + " is closed for writing");
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
          session.execute(stream::sendFin);
        }
        return;
      }
    }
  }

  /** Asks for FIN once: sent now, or by the write in progress when it ends. */
  void requestFin() {
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
          session.execute(stream::sendFin);
        }
        return;
      }
    }
  }

  /** Whether FIN was asked for: this side writes no more. */
  boolean finRequested() {
    return (writeState.get() & FIN_REQUESTED) != 0;
  }

  void setDeadline(Instant deadline) {
    writeDeadline = deadline;
    writers.signal();
  }

  /** Wakes a waiting writer to look again (window, writability, reset, FIN). */
  void signal() {
    writers.signal();
  }

  /** Adds window granted by the remote; false if it overflows the spec's uint32. */
  boolean onWindowUpdate(long delta) {
    long window = sendWindow.addAndGet(delta);
    if (window > YamuxStream.MAX_WINDOW) {
      return false;
    }
    writers.signal();
    return true;
  }

  /**
   * Sends {@code data} (and FIN) right after the SYN, on the event loop, without waiting: it fits
   * in the window every new stream starts with, and the connection's outbound buffer takes it as
   * backpressure.
   */
  void writeInitial(byte[] data, boolean fin) {
    if (data.length > 0) {
      sendWindow.addAndGet(-data.length);
      for (int pos = 0; pos < data.length; pos += session.maxFrameData()) {
        session.writeData(
            stream.id(), data, pos, Math.min(session.maxFrameData(), data.length - pos));
      }
    }
    if (fin) {
      writeState.set(FIN_REQUESTED | FIN_QUEUED);
      stream.sendFin();
    }
  }

  long window() {
    return sendWindow.get();
  }
}
