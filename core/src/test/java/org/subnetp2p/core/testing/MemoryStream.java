package org.subnetp2p.core.testing;

import java.io.IOException;
import java.time.Instant;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;

/** One end of an in-memory stream pair. */
public final class MemoryStream implements Stream {
  private final String protocol;
  private final Connection connection;
  private final MemoryPipe in;
  private final MemoryPipe out;
  private volatile MemoryStream peer;
  private volatile Instant readDeadline;
  private volatile Instant writeDeadline;

  private MemoryStream(String protocol, Connection connection, MemoryPipe in, MemoryPipe out) {
    this.protocol = protocol;
    this.connection = connection;
    this.in = in;
    this.out = out;
  }

  /** A connected pair: {@code [0]} on {@code a}'s side, {@code [1]} on {@code b}'s. */
  static MemoryStream[] pair(String protocol, Connection a, Connection b) {
    MemoryPipe aToB = new MemoryPipe();
    MemoryPipe bToA = new MemoryPipe();
    MemoryStream sa = new MemoryStream(protocol, a, bToA, aToB);
    MemoryStream sb = new MemoryStream(protocol, b, aToB, bToA);
    sa.peer = sb;
    sb.peer = sa;
    return new MemoryStream[] {sa, sb};
  }

  /** Makes every read on this end return at most {@code max} bytes. */
  public void setMaxReadChunk(int max) {
    in.setMaxReadChunk(max);
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
    return in.read(dst, off, len, readDeadline);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    out.write(src, off, len);
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    this.readDeadline = deadline;
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    this.writeDeadline = deadline;
  }

  /** The write deadline last set, for assertions. */
  public Instant writeDeadline() {
    return writeDeadline;
  }

  @Override
  public void closeWrite() {
    out.closeWrite();
  }

  @Override
  public void reset() {
    in.reset();
    out.reset();
  }

  @Override
  public void close() {
    out.closeWrite();
  }

  @Override
  public boolean isClosed() {
    return in.isFinished() && out.isFinished();
  }

  /** The other end. */
  public MemoryStream peer() {
    return peer;
  }
}
