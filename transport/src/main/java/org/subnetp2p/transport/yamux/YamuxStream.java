package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;

/**
 * One Yamux stream: a {@link Stream} with blocking reads and writes, meant for virtual threads.
 *
 * <p>The event loop owns the stream's protocol state (receive window, memory charged, whether it
 * left the session); user threads never share a lock with it. Inbound data reaches the reader
 * through a lock-free queue, and the reader hands what it consumed back to the event loop, which
 * grants window in batches and returns the memory. Window is granted only as the reader consumes,
 * so a reader that stops makes the remote writer stop. {@link #write} splits data into frames of at
 * most the remote's window and {@link YamuxConfig#maxFrameData}, and waits while the remote's
 * window is exhausted or the connection's outbound buffer is above its high water mark. Control
 * frames (FIN, RST, window updates) are written by the event loop, in order after the data a thread
 * wrote before asking for them.
 *
 * <p>{@link #close()} or {@link #reset()} releases buffered data: the owner must call one of them
 * once done with the stream, even after reading to the end.
 *
 * <p>When the session ends (either side closed the connection, or it was lost), data that had
 * arrived stays readable: after it, a read sees the end of stream if the remote had half-closed,
 * else a {@link org.subnetp2p.core.host.StreamResetException} naming why the session ended. Writes
 * fail at once with that exception.
 *
 * <p>Safe for one reader and one writer thread at a time; {@link #reset()}, {@link #close()} and
 * the deadlines may be called from any thread, the event loop and timers included: none of them
 * ever waits.
 *
 * <p>This class is the stream's face to its owner and to the session; the work is done by its
 * parts: the send side ({@code StreamSender}), the receive side ({@code StreamReceiver}, with
 * {@code StreamMemory}) and how the stream ends ({@code StreamLifecycle}).
 */
public final class YamuxStream implements Stream {
  /** The spec's largest window: a uint32. A window update beyond it is a protocol error. */
  static final long MAX_WINDOW = 0xFFFF_FFFFL;

  private final YamuxSession session;
  private final int id;
  private final Direction direction;
  private final StreamSender sender;
  private final StreamReceiver receiver;
  private final StreamLifecycle lifecycle;
  private volatile String protocol;

  /**
   * A stream whose receive window starts at {@code initialWindow} (at least the spec's 256 KiB; the
   * part above it must already be reserved from {@code growthBudget}).
   */
  YamuxStream(
      YamuxSession session,
      int id,
      Direction direction,
      MemoryBudget budget,
      MemoryBudget growthBudget,
      int initialWindow,
      int maxWindow) {
    this.session = session;
    this.id = id;
    this.direction = direction;
    this.sender = new StreamSender(this, session);
    this.receiver =
        new StreamReceiver(this, session, budget, growthBudget, initialWindow, maxWindow);
    this.lifecycle = new StreamLifecycle(this, session, sender, receiver);
  }

  /** The Yamux stream id (unsigned): odd when the client opened it, even for the server. */
  public int id() {
    return id;
  }

  /** Whether this side opened the stream ({@link Direction#OUTBOUND}) or the remote did. */
  public Direction direction() {
    return direction;
  }

  /** The session carrying this stream. */
  public YamuxSession session() {
    return session;
  }

  /** The negotiated protocol, as set by {@link #setProtocol}; {@code null} before negotiation. */
  @Override
  public String protocol() {
    return protocol;
  }

  /** Records the protocol the owner negotiated on this stream. */
  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  /** The connection given to {@link YamuxSession#setConnection}; {@code null} before. */
  @Override
  public Connection connection() {
    return session.connection();
  }

  // ---- Reading and writing: the reader and the writer thread. ----

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    return receiver.read(dst, off, len);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    sender.write(src, off, len);
  }

  // ---- Deadlines, half-close, close, reset: any thread, never waiting. ----

  @Override
  public void setReadDeadline(Instant deadline) {
    receiver.setDeadline(deadline);
  }

  @Override
  public void setWriteDeadline(Instant deadline) {
    sender.setDeadline(deadline);
  }

  @Override
  public void closeWrite() throws IOException {
    lifecycle.closeWrite();
  }

  @Override
  public void reset() {
    lifecycle.reset();
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  @Override
  public boolean isClosed() {
    return lifecycle.isClosed();
  }

  @Override
  public String toString() {
    return "YamuxStream(" + idString() + ", " + direction + ", " + protocol + ")";
  }

  // ---- State the send and receive sides read. ----

  /** Why the stream was reset, or null. */
  String resetReason() {
    return lifecycle.resetReason();
  }

  boolean remoteFin() {
    return lifecycle.remoteFin();
  }

  /** Why the session ended, or null while it carries on. */
  String sessionEndReason() {
    return lifecycle.sessionEndReason();
  }

  boolean readClosed() {
    return lifecycle.readClosed();
  }

  /** Whether the stream left the session (event loop only). */
  boolean removed() {
    return lifecycle.removed();
  }

  // ---- The event loop: frames and events from the session. ----

  /**
   * Takes ownership of {@code data} received for this stream.
   *
   * @return false if the data exceeds the window granted to the remote: a protocol error
   */
  boolean onData(ByteBuf data) {
    int n = data.readableBytes();
    if (!receiver.onReceived(n)) {
      data.release();
      return false;
    }
    if (n == 0 || lifecycle.resetReason() != null) {
      data.release(); // the remote sent it before it learned of the reset
      return true;
    }
    if (lifecycle.remoteFin() || lifecycle.readClosed()) {
      data.release();
      lifecycle.resetHere(
          "yamux stream "
              + idString()
              + (lifecycle.remoteFin()
                  ? " received data after FIN"
                  : " received data after close()"));
      return true;
    }
    receiver.settle();
    if (!receiver.buffer(data)) {
      data.release();
      session.onMemoryExhausted(this);
      lifecycle.resetHere(
          "yamux stream "
              + idString()
              + " was reset: the connection's memory budget of "
              + receiver.memoryLimit()
              + " bytes is used up");
    }
    return true;
  }

  /** Whether a data frame of {@code length} bytes fits in the window the remote was granted. */
  boolean admits(long length) {
    return receiver.admits(length);
  }

  /** Adds window granted by the remote; false if it overflows the spec's uint32. */
  boolean onWindowUpdate(long delta) {
    return sender.onWindowUpdate(delta);
  }

  void onRemoteFin() {
    lifecycle.onRemoteFin();
  }

  void onRemoteReset() {
    lifecycle.onRemoteReset();
  }

  /** The session ended: see {@link StreamLifecycle#onSessionClosed}. */
  void onSessionClosed(String reason, boolean keepData) {
    lifecycle.onSessionClosed(reason, keepData);
  }

  /** Marks an outbound stream acknowledged; true the first time, when it leaves the backlog. */
  boolean markAcked() {
    return lifecycle.markAcked();
  }

  /** Wakes a writer waiting for the connection to become writable. */
  void onChannelWritable() {
    sender.signal();
  }

  /** Sends {@code data} (and FIN) right after the SYN; see {@link StreamSender#writeInitial}. */
  void writeInitial(byte[] data, boolean fin) {
    sender.writeInitial(data, fin);
  }

  /** Brings the event loop's accounting up to date with what the reader consumed. */
  void settle() {
    receiver.settle();
  }

  /** Sends FIN, once. */
  void sendFin() {
    lifecycle.sendFin();
  }

  // ---- Test hooks. ----

  long bufferedBytes() {
    return receiver.bufferedBytes();
  }

  int receiveWindowSize() {
    return receiver.windowSize();
  }

  long sendWindow() {
    return sender.window();
  }

  String idString() {
    return Integer.toUnsignedString(id);
  }
}
