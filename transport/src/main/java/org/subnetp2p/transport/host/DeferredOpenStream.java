package org.subnetp2p.transport.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.yamux.Waiter;
import org.subnetp2p.transport.yamux.YamuxSession;
import org.subnetp2p.transport.yamux.YamuxStream;

/**
 * An outbound stream under optimistic multistream-select whose Yamux stream is opened only when the
 * caller first needs it: the proposal and a small request written and half-closed before then are
 * sent by the event loop right behind the SYN, so SYN, proposal, request and FIN leave in one
 * socket write, and the caller never waits for the open to be acknowledged.
 *
 * <p>Writes of up to {@value #EARLY_LIMIT} bytes before the open are held; {@link #closeWrite()} or
 * {@link #read} opens the stream (a larger write opens it and waits). Errors of the open surface on
 * the next read or write. The state lives in one atomic reference, so the event loop completing the
 * open and a timer resetting the stream never wait for a caller, nor a caller for them. Safe for
 * one reader and one writer thread at a time.
 */
final class DeferredOpenStream implements Stream {
  /** Early bytes the event loop may write: well within a new stream's 256 KiB send window. */
  static final int EARLY_LIMIT = 64 * 1024;

  /** Where the stream is; each phase an immutable value, replaced as a whole. */
  private sealed interface Phase {}

  /** Nothing sent yet; {@code early} holds what the caller wrote. */
  private record Collecting(byte[] early) implements Phase {}

  /** The open was asked for; {@code closeWhenOpen} if the caller closed meanwhile. */
  private record Opening(boolean closeWhenOpen) implements Phase {}

  /** The Yamux stream is open, with the proposal sent: {@code stream} checks the answer. */
  private record Open(Stream stream) implements Phase {}

  /** Reset, closed before anything was sent, or the open failed. */
  private record Ended(IOException error) implements Phase {}

  private final NettyConnection connection;
  private final YamuxSession session;
  private final String protocol;
  private final AtomicReference<Phase> phase = new AtomicReference<>(new Collecting(new byte[0]));
  private final Waiter opened = new Waiter();
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
    while (true) {
      Phase p = phase.get();
      if (p instanceof Collecting c) {
        if (c.early().length + len > EARLY_LIMIT) {
          requestOpen(false);
          continue;
        }
        byte[] more = Arrays.copyOf(c.early(), c.early().length + len);
        System.arraycopy(src, off, more, c.early().length, len);
        if (phase.compareAndSet(p, new Collecting(more))) {
          return;
        }
        continue;
      }
      awaitOpen("write", () -> writeDeadline).write(src, off, len);
      return;
    }
  }

  @Override
  public void closeWrite() throws IOException {
    if (phase.get() instanceof Collecting && requestOpen(true)) {
      return; // the event loop sends what was written, then FIN
    }
    awaitOpen("close for writing", () -> writeDeadline).closeWrite();
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    requestOpen(false);
    return awaitOpen("read", () -> readDeadline).read(dst, off, len);
  }

  @Override
  public void reset() {
    Phase p = phase.getAndUpdate(x -> x instanceof Open ? x : ended(x));
    if (p instanceof Open o) {
      o.stream().reset();
    }
    opened.signal();
  }

  private static Phase ended(Phase p) {
    return p instanceof Ended ? p : new Ended(new StreamResetException("stream was reset locally"));
  }

  @Override
  public void close() {
    while (true) {
      Phase p = phase.get();
      switch (p) {
        case Collecting c when c.early().length == 0 -> {
          // Nothing was sent: there is no stream to close.
          if (phase.compareAndSet(p, new Ended(new StreamResetException("stream was closed")))) {
            opened.signal();
            return;
          }
        }
        case Collecting c -> {
          if (requestOpen(true)) { // what was written still goes out, then the stream closes
            markCloseWhenOpen();
            return;
          }
        }
        case Opening o -> {
          if (o.closeWhenOpen() || phase.compareAndSet(p, new Opening(true))) {
            return;
          }
        }
        case Open o -> {
          o.stream().close();
          return;
        }
        case Ended e -> {
          return;
        }
      }
    }
  }

  @Override
  public boolean isClosed() {
    return switch (phase.get()) {
      case Open o -> o.stream().isClosed();
      case Ended e -> true;
      default -> false;
    };
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    readDeadline = deadline;
    opened.signal();
    if (phase.get() instanceof Open o) {
      o.stream().setReadDeadline(deadline);
    }
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    writeDeadline = deadline;
    opened.signal();
    if (phase.get() instanceof Open o) {
      o.stream().setWriteDeadline(deadline);
    }
  }

  @Override
  public String toString() {
    return "deferred-open stream for " + protocol + " on " + connection;
  }

  // ---- The open. ----

  /**
   * Asks for the Yamux stream once, with the proposal and what was written behind its SYN (and FIN
   * if {@code fin}); false if the open was asked for already (or the stream ended).
   */
  private boolean requestOpen(boolean fin) {
    while (true) {
      Phase p = phase.get();
      if (!(p instanceof Collecting c)) {
        return false;
      }
      if (phase.compareAndSet(p, new Opening(false))) {
        byte[] proposal = StreamNegotiator.optimisticProposal(protocol);
        ByteArrayOutputStream first = new ByteArrayOutputStream(proposal.length + c.early().length);
        first.writeBytes(proposal);
        first.writeBytes(c.early());
        session.openStream(first.toByteArray(), fin).whenComplete(this::onOpen);
        return true;
      }
    }
  }

  private void markCloseWhenOpen() {
    Phase p = phase.get();
    while (p instanceof Opening o && !o.closeWhenOpen()) {
      if (phase.compareAndSet(p, new Opening(true))) {
        return;
      }
      p = phase.get();
    }
    if (p instanceof Open o) {
      o.stream().close();
    }
  }

  /** On the event loop, usually: publishes the stream. Never waits. */
  private void onOpen(YamuxStream raw, Throwable error) {
    if (error != null) {
      IOException failure =
          error instanceof IOException io
              ? io
              : new StreamResetException("cannot open a stream: " + error.getMessage(), error);
      phase.getAndUpdate(p -> p instanceof Opening ? new Ended(failure) : p);
      opened.signal();
      return;
    }
    raw.setProtocol(protocol);
    connection.meters().streamOpened(protocol, Direction.OUTBOUND);
    Stream s = StreamNegotiator.afterOptimisticProposal(raw, protocol);
    s.setReadDeadline(readDeadline);
    s.setWriteDeadline(writeDeadline);
    while (true) {
      Phase p = phase.get();
      if (!(p instanceof Opening o)) {
        raw.reset(); // reset while opening
        break;
      }
      if (phase.compareAndSet(p, new Open(s))) {
        if (o.closeWhenOpen()) {
          s.close();
        }
        break;
      }
    }
    opened.signal();
  }

  /** Waits until the stream is open; throws if the open failed or the deadline passed. */
  private Stream awaitOpen(String operation, Supplier<Instant> deadline) throws IOException {
    requestOpen(false);
    opened.await(
        () -> phase.get() instanceof Open || phase.get() instanceof Ended,
        deadline,
        operation + " while opening a stream for " + protocol);
    return switch (phase.get()) {
      case Open o -> o.stream();
      case Ended e -> throw e.error();
      default -> throw new IllegalStateException("not open");
    };
  }
}
