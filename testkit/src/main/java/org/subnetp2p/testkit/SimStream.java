package org.subnetp2p.testkit;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;

/** One end of a simulated stream: reads from one {@link SimPipe}, writes to the other. */
final class SimStream implements Stream {
  private final String protocol;
  private final SimConnection connection;
  private final SimPipe in;
  private final SimPipe out;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Instant readDeadline;
  private volatile Instant writeDeadline;
  private volatile IOException refusal;

  private SimStream(String protocol, SimConnection connection, SimPipe in, SimPipe out) {
    this.protocol = protocol;
    this.connection = connection;
    this.in = in;
    this.out = out;
  }

  /** A connected pair: {@code [0]} is {@code a}'s end, {@code [1]} is {@code b}'s. */
  static SimStream[] pair(String protocol, SimConnection a, SimConnection b, SimNetwork network) {
    SimPipe aToB = network.newPipe();
    SimPipe bToA = network.newPipe();
    return new SimStream[] {
      new SimStream(protocol, a, bToA, aToB), new SimStream(protocol, b, aToB, bToA)
    };
  }

  /**
   * An optimistic stream for a protocol the remote does not serve: writes are dropped and the first
   * read fails as a refused negotiation would.
   */
  static SimStream refused(String protocol, SimConnection connection, SimNetwork network) {
    SimPipe in = network.newPipe();
    SimPipe out = network.newPipe();
    out.closeRead();
    SimStream s = new SimStream(protocol, connection, in, out);
    s.refusal =
        new ProtocolNotSupportedException(connection.remotePeer(), java.util.List.of(protocol));
    return s;
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
    if (refusal != null) {
      throw refusal;
    }
    if (connection.isDead()) {
      throw new StreamResetException("host stopped");
    }
    int n = in.read(dst, off, len, readDeadline);
    if (n < 0 && out.isWriteClosed()) {
      finish();
    }
    return n;
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    if (connection.isDead()) {
      throw new StreamResetException("host stopped");
    }
    if (!connection.network().reachable(connection.localHost(), connection.remoteHost())) {
      silence(); // the path broke under this stream
    }
    out.write(src, off, len, writeDeadline);
  }

  @Override
  public void setReadDeadline(Instant deadline) {
    this.readDeadline = deadline;
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    this.writeDeadline = deadline;
  }

  @Override
  public void closeWrite() {
    if (connection.isDead()) {
      return; // a crashed host tells nobody anything
    }
    out.closeWrite();
    if (in.isReadFinished()) {
      finish();
    }
  }

  @Override
  public void reset() {
    if (connection.isDead()) {
      finish();
      return;
    }
    in.reset("stream reset");
    out.reset("stream reset");
    finish();
  }

  /** Fails both ends with {@code reason}, as a dropped connection does. */
  void reset(String reason) {
    in.reset(reason);
    out.reset(reason);
    finish();
  }

  /** Nothing more arrives on either end. */
  void silence() {
    in.silence();
    out.silence();
  }

  @Override
  public void close() {
    if (connection.isDead()) {
      finish();
      return;
    }
    out.closeWrite();
    in.closeRead();
    finish();
  }

  @Override
  public boolean isClosed() {
    return in.isReadFinished() && out.isWriteClosed();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      connection.streamFinished(this);
    }
  }
}
