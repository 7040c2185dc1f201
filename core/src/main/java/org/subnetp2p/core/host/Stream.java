package org.subnetp2p.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;

/**
 * One multiplexed, bidirectional byte stream to a peer, already negotiated to a protocol.
 *
 * <p>Reads and writes block, which is cheap on virtual threads: write a protocol as plain
 * sequential code. Every blocking call honours the stream's deadlines; a call that passes its
 * deadline throws {@link java.net.SocketTimeoutException} and leaves the stream usable.
 *
 * <p>A stream ends in one of three ways: both sides half-close ({@link #closeWrite()}) and drain,
 * one side {@link #close()}s, or one side {@link #reset()}s it, after which any blocked or later
 * call on the other side throws {@link StreamResetException}.
 *
 * <p>A stream is safe for one reader and one writer thread at a time.
 */
public interface Stream extends AutoCloseable {

  /** The protocol id this stream was negotiated to, e.g. {@code /subnet/task_protocol/1.0.0}. */
  String protocol();

  /** The connection that carries this stream. */
  Connection connection();

  /** The authenticated peer at the other end. */
  default PeerId remotePeer() {
    return connection().remotePeer();
  }

  /**
   * Reads up to {@code len} bytes, blocking until at least one is available.
   *
   * @return the number of bytes read, or -1 once the remote side has half-closed and everything it
   *     sent has been read
   * @throws StreamResetException if either side reset the stream or the connection was lost
   * @throws java.net.SocketTimeoutException if the read deadline passed first
   */
  int read(byte[] dst, int off, int len) throws IOException;

  /**
   * Writes all {@code len} bytes, blocking while the remote's flow-control window is full.
   *
   * @throws StreamResetException if either side reset the stream or the connection was lost
   * @throws java.net.SocketTimeoutException if the write deadline passed first; part of the data
   *     may have been sent
   * @throws IOException if this side already closed its write half
   */
  void write(byte[] src, int off, int len) throws IOException;

  /** Writes all of {@code src}. */
  default void write(byte[] src) throws IOException {
    write(src, 0, src.length);
  }

  /**
   * Deadline for blocking reads, or {@code null} for none (the default). Applies to reads already
   * blocked as well as later ones.
   */
  void setReadDeadline(@Nullable Instant deadline);

  /** Deadline for blocking writes, or {@code null} for none (the default). */
  void setWriteDeadline(@Nullable Instant deadline);

  /**
   * Half-closes: tells the remote that no more data follows. Reading stays possible. Idempotent.
   */
  void closeWrite() throws IOException;

  /**
   * Aborts the stream in both directions at once. Data in flight is lost and the remote's pending
   * calls fail with {@link StreamResetException}. Idempotent, never throws.
   */
  void reset();

  /**
   * Closes gracefully: half-closes the write side if still open and stops accepting inbound data.
   * Idempotent, never throws.
   */
  @Override
  void close();

  /** Whether both directions are finished (closed, or reset). */
  boolean isClosed();

  /** This stream as an {@link InputStream}, for codecs that want one. Not buffered. */
  default InputStream inputStream() {
    return new StreamInputStream(this);
  }

  /** This stream as an {@link OutputStream}; {@code close()} half-closes. Not buffered. */
  default OutputStream outputStream() {
    return new StreamOutputStream(this);
  }
}
