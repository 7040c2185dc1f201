package org.subnetp2p.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.subnetp2p.core.host.StreamResetException;

/**
 * One direction of a simulated stream. Written bytes become readable only once their delivery time
 * has come; at most {@code capacity} bytes are buffered (in flight or unread), beyond which the
 * writer waits. No thread is involved while nobody reads or writes.
 */
final class SimPipe {
  /** A written chunk, readable from {@code deliverAt} (System.nanoTime) on. */
  private static final class Chunk {
    final byte[] data;
    final long deliverAt;
    int position;

    Chunk(byte[] data, long deliverAt) {
      this.data = data;
      this.deliverAt = deliverAt;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private final int capacity;
  private final LongSupplier delayNanos;
  private final SimStats.Counters counters;
  private int buffered;
  private long lastDeliverAt;
  private boolean finQueued;
  private long finAt;
  private boolean readClosed;
  private boolean silenced;
  private String resetReason;

  /**
   * @param capacity bytes buffered before a writer waits
   * @param delayNanos the one-way delay of the next chunk (latency plus jitter)
   */
  SimPipe(int capacity, LongSupplier delayNanos, SimStats.Counters counters) {
    this.capacity = capacity;
    this.delayNanos = delayNanos;
    this.counters = counters;
  }

  void write(byte[] src, int off, int len, Instant deadline) throws IOException {
    lock.lock();
    try {
      int done = 0;
      while (done < len) {
        if (resetReason != null) {
          throw new StreamResetException(resetReason);
        }
        if (finQueued) {
          throw new IOException("write side closed");
        }
        if (silenced || readClosed) {
          return; // nobody will ever read it: accepted and dropped
        }
        int space = capacity - buffered;
        if (space <= 0) {
          await(writable, deadline, Long.MAX_VALUE, "write");
          continue;
        }
        int n = Math.min(space, len - done);
        byte[] copy = new byte[n];
        System.arraycopy(src, off + done, copy, 0, n);
        chunks.add(new Chunk(copy, nextDeliveryTime()));
        buffered += n;
        done += n;
        counters.bytes.add(n);
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Later chunks never overtake earlier ones, whatever the jitter. */
  private long nextDeliveryTime() {
    long at = System.nanoTime() + delayNanos.getAsLong();
    lastDeliverAt = Math.max(at, lastDeliverAt);
    return lastDeliverAt;
  }

  int read(byte[] dst, int off, int len, Instant deadline) throws IOException {
    lock.lock();
    try {
      while (true) {
        if (resetReason != null) {
          throw new StreamResetException(resetReason);
        }
        long now = System.nanoTime();
        long wakeAt = Long.MAX_VALUE;
        if (!silenced) {
          Chunk head = chunks.peek();
          if (head != null) {
            if (head.deliverAt <= now) {
              return take(dst, off, len, now);
            }
            wakeAt = head.deliverAt;
          } else if (finQueued) {
            if (finAt <= now) {
              return -1;
            }
            wakeAt = finAt;
          }
        }
        await(readable, deadline, wakeAt, "read");
      }
    } finally {
      lock.unlock();
    }
  }

  /** Copies from the delivered chunks at the head; at least one byte is available. */
  private int take(byte[] dst, int off, int len, long now) {
    int n = 0;
    while (n < len) {
      Chunk head = chunks.peek();
      if (head == null || head.deliverAt > now) {
        break;
      }
      int k = Math.min(len - n, head.data.length - head.position);
      System.arraycopy(head.data, head.position, dst, off + n, k);
      head.position += k;
      n += k;
      if (head.position == head.data.length) {
        chunks.poll();
      }
    }
    buffered -= n;
    writable.signalAll();
    return n;
  }

  /**
   * Waits on {@code condition} until signalled, {@code wakeAt} (nanoTime) or {@code deadline},
   * whichever comes first; throws if the deadline passed.
   */
  private void await(Condition condition, Instant deadline, long wakeAt, String what)
      throws IOException {
    long wait = wakeAt == Long.MAX_VALUE ? Long.MAX_VALUE : wakeAt - System.nanoTime();
    if (deadline != null) {
      long left =
          TimeUnit.MILLISECONDS.toNanos(deadline.toEpochMilli() - System.currentTimeMillis());
      if (left <= 0) {
        throw new SocketTimeoutException(what + " deadline passed");
      }
      wait = Math.min(wait, left);
    }
    try {
      if (wait == Long.MAX_VALUE) {
        condition.await();
      } else if (wait > 0) {
        condition.awaitNanos(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /** The writer is done: the reader sees the end once everything before it arrived. */
  void closeWrite() {
    lock.lock();
    try {
      if (!finQueued) {
        finQueued = true;
        finAt = nextDeliveryTime();
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The reader is done: what was and will be written is dropped, and writers never wait. */
  void closeRead() {
    lock.lock();
    try {
      readClosed = true;
      chunks.clear();
      buffered = 0;
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Both ends fail from now on with {@code reason}. */
  void reset(String reason) {
    lock.lock();
    try {
      if (resetReason == null) {
        resetReason = reason;
      }
      chunks.clear();
      buffered = 0;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Nothing more arrives, not even the end: the reader waits until its deadline and writes are
   * dropped. A path that broke without anyone being told.
   */
  void silence() {
    lock.lock();
    try {
      silenced = true;
      chunks.clear();
      buffered = 0;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isSilenced() {
    lock.lock();
    try {
      return silenced;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the writer has half-closed. */
  boolean isWriteClosed() {
    lock.lock();
    try {
      return finQueued || resetReason != null;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the reader has nothing more to read: reset, closed, or the end was read. */
  boolean isReadFinished() {
    lock.lock();
    try {
      return resetReason != null
          || readClosed
          || (finQueued && chunks.isEmpty() && finAt <= System.nanoTime());
    } finally {
      lock.unlock();
    }
  }
}
