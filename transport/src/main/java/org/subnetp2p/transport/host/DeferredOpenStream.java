package org.subnetp2p.transport.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.yamux.YamuxSession;
import org.subnetp2p.transport.yamux.YamuxStream;

/**
 * An outbound stream under optimistic multistream-select whose Yamux stream is opened only when the
 * caller first needs it: a small request written and half-closed before then is sent by the event
 * loop in the same task that opens the stream, so SYN, proposal, request and FIN leave in one
 * socket write, and the caller never waits for the open to be acknowledged by the event loop.
 *
 * <p>Writes of up to {@value #EARLY_LIMIT} bytes before the open are held; {@link #closeWrite()} or
 * {@link #read} opens the stream (a larger write opens it and waits). Errors of the open surface on
 * the next read or write. Safe for one reader and one writer thread at a time.
 */
final class DeferredOpenStream implements Stream {
  /** Early bytes the event loop may write: well within a new stream's 256 KiB send window. */
  static final int EARLY_LIMIT = 64 * 1024;

  private final NettyConnection connection;
  private final YamuxSession session;
  private final String protocol;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition opened = lock.newCondition();

  // Guarded by lock.
  private final ByteArrayOutputStream early = new ByteArrayOutputStream();
  private boolean openRequested;
  private boolean finRequested;
  private boolean closeRequested;
  private boolean resetRequested;
  private Stream stream; // the negotiating stream, once open
  private IOException failure;

  private volatile Instant readDeadline;
  private volatile Instant writeDeadline;

  DeferredOpenStream(NettyConnection connection, YamuxSession session, String protocol) {
    this.connection = connection;
    this.session = session;
    this.protocol = protocol;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        throwIfFailed();
        if (!openRequested && early.size() + len <= EARLY_LIMIT) {
          early.write(src, off, len);
          return;
        }
        s = awaitOpen(false);
      }
    } finally {
      lock.unlock();
    }
    s.write(src, off, len);
  }

  @Override
  public void closeWrite() throws IOException {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        throwIfFailed();
        finRequested = true;
        requestOpen(); // the event loop sends what was written, then FIN
        return;
      }
    } finally {
      lock.unlock();
    }
    s.closeWrite();
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        requestOpen();
        s = awaitOpen(true);
      }
    } finally {
      lock.unlock();
    }
    return s.read(dst, off, len);
  }

  @Override
  public void reset() {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        resetRequested = true;
        early.reset();
        if (failure == null) {
          failure = new StreamResetException("stream was reset locally");
        }
        opened.signalAll();
        return;
      }
    } finally {
      lock.unlock();
    }
    s.reset();
  }

  @Override
  public void close() {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        closeRequested = true;
        if (openRequested || early.size() > 0) {
          finRequested = true;
          requestOpen(); // written bytes still go out, then the stream closes
        }
        return;
      }
    } finally {
      lock.unlock();
    }
    s.close();
  }

  @Override
  public boolean isClosed() {
    Stream s;
    lock.lock();
    try {
      s = stream;
      if (s == null) {
        return resetRequested || (closeRequested && !openRequested);
      }
    } finally {
      lock.unlock();
    }
    return s.isClosed();
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    readDeadline = deadline;
    Stream s = signalAndGet();
    if (s != null) {
      s.setReadDeadline(deadline);
    }
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    writeDeadline = deadline;
    Stream s = signalAndGet();
    if (s != null) {
      s.setWriteDeadline(deadline);
    }
  }

  private Stream signalAndGet() {
    lock.lock();
    try {
      opened.signalAll(); // a waiter re-reads its deadline
      return stream;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "deferred-open stream for " + protocol + " on " + connection;
  }

  // ---- The open; the lock is held where noted. ----

  /** Opens the Yamux stream once; lock held. */
  private void requestOpen() {
    if (openRequested || resetRequested) {
      return;
    }
    openRequested = true;
    session.openStream().whenComplete(this::onOpen);
  }

  /** On the event loop: sends what was written early, then makes the stream available. */
  private void onOpen(YamuxStream raw, Throwable error) {
    lock.lock();
    try {
      if (error != null) {
        if (failure == null) {
          failure =
              error instanceof IOException io
                  ? io
                  : new StreamResetException("cannot open a stream: " + error.getMessage());
        }
        return;
      }
      if (resetRequested) {
        raw.reset();
        return;
      }
      raw.setProtocol(protocol);
      Stream s = StreamNegotiator.selectOptimistically(raw, protocol);
      try {
        if (early.size() > 0) {
          s.write(early.toByteArray()); // within the new stream's window: never blocks
          early.reset();
        }
        if (finRequested) {
          s.closeWrite();
        }
      } catch (IOException e) {
        failure = e;
        raw.reset();
        return;
      }
      if (closeRequested) {
        s.close();
      }
      s.setReadDeadline(readDeadline);
      s.setWriteDeadline(writeDeadline);
      stream = s;
    } finally {
      opened.signalAll();
      lock.unlock();
    }
  }

  /**
   * Waits, lock held, until the stream is open; throws if the open failed or the read or write
   * deadline passed.
   */
  private Stream awaitOpen(boolean forRead) throws IOException {
    requestOpen();
    String operation = forRead ? "read" : "write";
    while (stream == null) {
      throwIfFailed();
      Instant deadline = forRead ? readDeadline : writeDeadline;
      try {
        if (deadline == null) {
          opened.await();
        } else {
          long nanos = Duration.between(Instant.now(), deadline).toNanos();
          if (nanos <= 0) {
            throw new SocketTimeoutException(operation + " deadline passed opening a stream");
          }
          opened.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(operation + " interrupted while opening a stream");
      }
    }
    return stream;
  }

  private void throwIfFailed() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }
}
