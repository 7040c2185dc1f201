package org.subnetp2p.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;

/**
 * A stream whose remote side has already sent fixed bytes and half-closed: reads hand them out in
 * pieces of the given sizes (used in turn, each at least one byte), then return -1. What is written
 * is kept. It never blocks, so code reading from it can only finish, fail or loop: what fuzz tests
 * of stream decoders need.
 */
public final class BytesStream implements Stream {
  private final String protocol;
  private final Connection connection;
  private final byte[] input;
  private final int[] pieces;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private int position;
  private int reads;
  private boolean writeClosed;
  private boolean reset;
  private boolean closed;

  /**
   * @param pieces the most bytes each read returns, in turn (values below 1 count as 1); empty for
   *     no limit
   */
  public BytesStream(String protocol, Connection connection, byte[] input, int... pieces) {
    this.protocol = protocol;
    this.connection = connection;
    this.input = input.clone();
    this.pieces = pieces.clone();
  }

  /** A stream of {@code input} on {@link BytesConnection#anonymous()}, read in whole. */
  public static BytesStream of(byte[] input) {
    return new BytesStream("/test/1.0.0", BytesConnection.anonymous(), input);
  }

  /** Everything written so far. */
  public byte[] written() {
    return written.toByteArray();
  }

  /** Input bytes not read yet. */
  public int unread() {
    return input.length - position;
  }

  /** Whether {@link #reset()} was called. */
  public boolean wasReset() {
    return reset;
  }

  /** Whether this side half-closed (or closed) its write side. */
  public boolean writeClosed() {
    return writeClosed;
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
  public int read(byte[] dst, int off, int len) throws IOException {
    if (reset) {
      throw new IOException("stream was reset");
    }
    if (len == 0) {
      return 0;
    }
    if (position == input.length) {
      return -1;
    }
    int n = Math.min(len, input.length - position);
    if (pieces.length > 0) {
      n = Math.min(n, Math.max(1, pieces[reads++ % pieces.length]));
    }
    System.arraycopy(input, position, dst, off, n);
    position += n;
    return n;
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    if (reset) {
      throw new IOException("stream was reset");
    }
    if (writeClosed) {
      throw new IOException("write side closed");
    }
    written.write(src, off, len);
  }

  @Override
  public void setReadDeadline(Instant deadline) {}

  @Override
  public void setWriteDeadline(Instant deadline) {}

  @Override
  public void closeWrite() {
    writeClosed = true;
  }

  @Override
  public void reset() {
    reset = true;
    writeClosed = true;
  }

  @Override
  public void close() {
    closed = true;
    writeClosed = true;
  }

  @Override
  public boolean isClosed() {
    return reset || closed;
  }
}
