package org.subnetp2p.core.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.subnetp2p.core.host.StreamResetException;

/**
 * One direction of an in-memory stream: bytes written at one end are read at the other, in reads of
 * at most {@code maxReadChunk} bytes so tests can force any fragmentation.
 */
final class MemoryPipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Byte> bytes = new ArrayDeque<>();
  private volatile int maxReadChunk = Integer.MAX_VALUE;
  private boolean writeClosed;
  private boolean reset;

  void setMaxReadChunk(int max) {
    this.maxReadChunk = max;
  }

  void write(byte[] src, int off, int len) throws IOException {
    lock.lock();
    try {
      if (reset) {
        throw new StreamResetException("stream reset");
      }
      if (writeClosed) {
        throw new IOException("write side closed");
      }
      for (int i = 0; i < len; i++) {
        bytes.add(src[off + i]);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int read(byte[] dst, int off, int len, Instant deadline) throws IOException {
    lock.lock();
    try {
      while (bytes.isEmpty() && !writeClosed && !reset) {
        if (deadline == null) {
          changed.await();
        } else {
          long nanos = deadline.toEpochMilli() - System.currentTimeMillis();
          if (nanos <= 0 || !changed.await(nanos, TimeUnit.MILLISECONDS)) {
            if (bytes.isEmpty() && !writeClosed && !reset) {
              throw new SocketTimeoutException("read deadline passed");
            }
          }
        }
      }
      if (reset) {
        throw new StreamResetException("stream reset");
      }
      if (bytes.isEmpty()) {
        return -1;
      }
      int n = Math.min(Math.min(len, maxReadChunk), bytes.size());
      for (int i = 0; i < n; i++) {
        dst[off + i] = bytes.poll();
      }
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      lock.unlock();
    }
  }

  void closeWrite() {
    lock.lock();
    try {
      writeClosed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void reset() {
    lock.lock();
    try {
      reset = true;
      bytes.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isFinished() {
    lock.lock();
    try {
      return reset || (writeClosed && bytes.isEmpty());
    } finally {
      lock.unlock();
    }
  }
}
