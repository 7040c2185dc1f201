package org.subnetp2p.transport.yamux;

import java.util.function.LongUnaryOperator;

/**
 * Receive-side flow control of one stream: how many bytes the remote may still send, and when and
 * by how much to grant more.
 *
 * <p>Invariant: {@code credit + buffered + consumed-but-not-yet-granted == window}, so the bytes a
 * stream buffers never exceed its window. Window is granted back only as the reader consumes, and
 * in batches of at least half the window. A window allows at most one window of data per round
 * trip; when the reader's throughput since the last update reaches half of that, the window is what
 * holds the transfer back, so it doubles, up to the per-stream maximum and while the session's
 * {@link Budget} allows. (A window-bound transfer arrives in one burst per round trip, so the
 * throughput is measured rather than the time to consume half a window, which then sits right at
 * one round trip.) Growth must be paid for: the owner's {@code growth} function reserves memory for
 * it and answers how much it got.
 *
 * <p>Not thread-safe: the owning stream's event loop alone uses it ({@link #window()} may be read
 * from anywhere).
 */
final class ReceiveWindow {
  private final int maxWindow;
  private final LongUnaryOperator growth;
  private volatile int window;
  private long credit;
  private long consumed;
  private long epochStartNanos;

  /**
   * @param initialWindow the window announced to the remote when the stream opened
   * @param maxWindow the largest the window may grow to
   * @param growth given the bytes the window would like to grow by, reserves what it can afford and
   *     returns that (0 for none)
   * @param nowNanos {@link System#nanoTime()} at creation
   */
  ReceiveWindow(int initialWindow, int maxWindow, LongUnaryOperator growth, long nowNanos) {
    this.window = initialWindow;
    this.maxWindow = Math.max(initialWindow, maxWindow);
    this.growth = growth;
    this.credit = initialWindow;
    this.epochStartNanos = nowNanos;
  }

  /** Accounts {@code n} received bytes; false if they exceed what the remote was granted. */
  boolean onReceived(int n) {
    if (n > credit) {
      return false;
    }
    credit -= n;
    return true;
  }

  /**
   * Accounts {@code n} bytes consumed by the reader.
   *
   * @param rttNanos the session's latest round-trip time, 0 if unknown (then the window never
   *     grows)
   * @return the delta of the window update to send now, or 0 if none is due
   */
  int onConsumed(int n, long nowNanos, long rttNanos) {
    consumed += n;
    if (consumed < window / 2) {
      return 0;
    }
    long grown = 0;
    if (window < maxWindow && rttNanos > 0 && windowBound(nowNanos - epochStartNanos, rttNanos)) {
      grown = Math.max(0, growth.applyAsLong(Math.min(window, maxWindow - window)));
    }
    window += (int) grown;
    long delta = consumed + grown;
    credit += delta;
    consumed = 0;
    epochStartNanos = nowNanos;
    return (int) delta;
  }

  /** Whether consuming {@code consumed} bytes in {@code elapsed} is half of a window per RTT. */
  private boolean windowBound(long elapsedNanos, long rttNanos) {
    double throughput = (double) consumed / Math.max(1, elapsedNanos);
    double windowLimit = (double) window / rttNanos;
    return throughput >= windowLimit / 2;
  }

  /** The current window size. */
  int window() {
    return window;
  }

  /** Bytes the remote may still send before it must wait for an update. */
  long credit() {
    return credit;
  }
}
