package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.subnetp2p.core.host.StreamResetException;

/**
 * A stream's receive side: data the event loop buffered for the reader, in a lock-free queue; the
 * reader waiting for it; and what the reader consumed, handed back to the event loop, which grants
 * window in batches ({@link ReceiveWindow}) and returns the memory ({@link StreamMemory}). Window
 * is granted only as the reader consumes, so a reader that stops makes the remote writer stop.
 *
 * <p>Data that arrived stays readable after the stream leaves the session (both sides sent FIN, or
 * the session ended), and paid for, until the reader takes it or the owner closes or resets the
 * stream; a stream dropped unclosed gives its data and memory back once it is unreachable.
 */
final class StreamReceiver {
  /** Releases what unclosed streams that became unreachable still held. */
  private static final Cleaner CLEANER = Cleaner.create();

  private final YamuxStream stream;
  private final YamuxSession session;
  private final Waiter readers = new Waiter();

  // Shared between the event loop and the reader, lock-free.
  private final ConcurrentLinkedQueue<ByteBuf> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicReference<ByteBuf> partlyRead = new AtomicReference<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong consumed = new AtomicLong(); // read, not yet settled by the event loop
  private final AtomicBoolean settleQueued = new AtomicBoolean();
  private volatile boolean discarded; // inbound data is released and no more is kept
  private volatile Instant readDeadline;
  private volatile Cleaner.Cleanable cleanable; // set once data may outlive the session's table

  // Event loop only (see StreamMemory for after the session's end).
  private final StreamMemory memory;
  private final ReceiveWindow receiveWindow;
  private final Unread unread;

  /**
   * A receive side whose window starts at {@code initialWindow} (at least the spec's 256 KiB; the
   * part above it must already be reserved from {@code growthBudget}).
   */
  StreamReceiver(
      YamuxStream stream,
      YamuxSession session,
      MemoryBudget budget,
      MemoryBudget growthBudget,
      int initialWindow,
      int maxWindow) {
    this.stream = stream;
    this.session = session;
    this.memory =
        new StreamMemory(session, budget, growthBudget, initialWindow - YamuxFrame.DEFAULT_WINDOW);
    this.receiveWindow =
        new ReceiveWindow(initialWindow, maxWindow, memory::reserveGrowth, System.nanoTime());
    this.unread = new Unread(inbound, partlyRead, memory);
  }

  // ---- The reader thread. ----

  /** See {@link YamuxStream#read}. */
  int read(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    if (len == 0) {
      return 0;
    }
    while (true) {
      String reset = stream.resetReason();
      if (reset != null) {
        throw new StreamResetException(reset);
      }
      if (stream.readClosed()) {
        throw new IOException("yamux stream " + stream.idString() + " is closed");
      }
      // Read first: data queued before the FIN or the session's end is then visible.
      boolean fin = stream.remoteFin();
      String ended = stream.sessionEndReason();
      int n = take(dst, off, len);
      if (n > 0) {
        onConsumed(n);
        return n;
      }
      if (fin) {
        return -1;
      }
      if (ended != null) {
        throw new StreamResetException(ended);
      }
      readers.await(
          this::readable, () -> readDeadline, "read on yamux stream " + stream.idString());
    }
  }

  private boolean readable() {
    return stream.resetReason() != null
        || stream.readClosed()
        || stream.remoteFin()
        || stream.sessionEndReason() != null
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
    if (settleQueued.compareAndSet(false, true) && !session.execute(this::settle)) {
      settle(); // the event loop is gone with the session: nothing else settles
    }
  }

  // ---- Any thread, never waiting. ----

  void setDeadline(Instant deadline) {
    readDeadline = deadline;
    readers.signal();
  }

  /** Wakes a waiting reader to look again (data, FIN, close, reset). */
  void signal() {
    readers.signal();
  }

  /** From now on inbound data is released, not kept; wakes the reader. */
  void markDiscarded() {
    discarded = true;
    readers.signal();
  }

  // ---- The event loop. ----

  /** Counts {@code n} bytes received against the window; false if they exceed it. */
  boolean onReceived(int n) {
    return receiveWindow.onReceived(n);
  }

  /** Whether a data frame of {@code length} bytes fits in the window the remote was granted. */
  boolean admits(long length) {
    return length <= receiveWindow.credit();
  }

  /**
   * Queues {@code data} for the reader; false, keeping nothing, if the memory budget is used up.
   */
  boolean buffer(ByteBuf data) {
    int n = data.readableBytes();
    if (!memory.charge(n)) {
      return false;
    }
    queuedBytes.addAndGet(n);
    inbound.add(data);
    readers.signal();
    return true;
  }

  /** Brings the event loop's accounting up to date with what the reader consumed. */
  void settle() {
    settleQueued.set(false);
    long c = consumed.getAndSet(0);
    if (c == 0 || discarded) {
      return;
    }
    memory.consumed(c);
    if (!stream.remoteFin() && stream.sessionEndReason() == null && !stream.removed()) {
      int delta = receiveWindow.onConsumed((int) c, System.nanoTime(), session.rttNanos());
      if (delta > 0) {
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, 0, stream.id(), delta);
      }
    }
  }

  /** Releases queued data and every byte charged; later data is refused. */
  void discard() {
    discarded = true;
    queuedBytes.set(0);
    consumed.set(0);
    unread.run();
    Cleaner.Cleanable c = cleanable;
    if (c != null) {
      c.clean(); // nothing left to release: it only stops watching
    }
  }

  /**
   * The session ended: no more data comes and no window is granted. What is queued stays for the
   * reader (and paid for) until read or discarded; with nothing queued, everything goes back now.
   */
  void onSessionEnd() {
    settle();
    releaseWindow();
    if (queuedBytes.get() == 0) {
      discard();
    } else {
      watchUnread();
    }
  }

  /**
   * The stream left the session's table with data still unread: once nothing references the stream
   * any more, that data and its memory go back, whether or not its owner closed it.
   */
  void watchUnread() {
    if (cleanable == null && !discarded && queuedBytes.get() > 0) {
      cleanable = CLEANER.register(stream, unread);
    }
  }

  /** No window is granted any more: gives back what its growth cost. */
  void releaseWindow() {
    memory.releaseWindow();
  }

  long memoryLimit() {
    return memory.limit();
  }

  long bufferedBytes() {
    return queuedBytes.get();
  }

  int windowSize() {
    return receiveWindow.window();
  }

  /**
   * Releases the queued buffers and what they cost. Holds no reference to the stream, so that it
   * can run once the stream is unreachable; safe to run more than once, from any thread.
   */
  private record Unread(
      ConcurrentLinkedQueue<ByteBuf> inbound,
      AtomicReference<ByteBuf> partlyRead,
      StreamMemory memory)
      implements Runnable {
    @Override
    public void run() {
      ByteBuf b;
      while ((b = inbound.poll()) != null) {
        b.release();
      }
      b = partlyRead.getAndSet(null);
      if (b != null) {
        b.release();
      }
      memory.discard();
    }
  }
}
