package org.subnetp2p.gossipsub.router;

/** Counts events in the current one-second window, for the spam guards. */
final class RateWindow {
  private static final long SECOND = 1_000_000_000L;
  private long windowStart;
  private int count;

  /**
   * Counts one event at {@code now}; returns the events so far in this window, this one included.
   */
  int hit(long now) {
    if (count == 0 || now - windowStart >= SECOND) {
      windowStart = now;
      count = 0;
    }
    return ++count;
  }
}
