package org.subnetp2p.transport.yamux;

/**
 * What one stream's received data costs: a window grown beyond the spec's 256 KiB is paid for in
 * full, from the connection's growth budget; buffered data beyond that is paid for as it arrives,
 * from the connection's budget, and given back as the reader consumes it. Data still unread when no
 * window is granted any more (the stream finished, or the session ended) stays paid for until it is
 * read or discarded.
 *
 * <p>Used on the event loop; once the session has ended it may also be used by the reader, by
 * {@code close()} and by the cleaner of an unreachable stream when the event loop is gone. The lock
 * is for that case: on the event loop it is never contended.
 */
final class StreamMemory {
  private final YamuxSession session;
  private final MemoryBudget budget;
  private final MemoryBudget growthBudget;
  private long buffered; // received and not yet settled as consumed
  private long reserved; // window beyond the initial 256 KiB, taken from growthBudget
  private long overflow; // taken from budget: buffered beyond reserved

  /** {@code reserved} is the window beyond 256 KiB, already taken from {@code growthBudget}. */
  StreamMemory(
      YamuxSession session, MemoryBudget budget, MemoryBudget growthBudget, long reserved) {
    this.session = session;
    this.budget = budget;
    this.growthBudget = growthBudget;
    this.reserved = reserved;
  }

  /** Takes memory for {@code n} more buffered bytes; false if the budget has no room. */
  synchronized boolean charge(long n) {
    long need = Math.max(0, buffered + n - reserved) - overflow;
    if (need > 0 && !budget.tryReserve(need)) {
      session.settleAll(); // other streams' readers may have consumed more than was accounted
      need = Math.max(0, buffered + n - reserved) - overflow;
      if (need > 0 && !budget.tryReserve(need)) {
        return false;
      }
    }
    overflow += Math.max(0, need);
    buffered += n;
    return true;
  }

  /** The reader consumed {@code n} bytes: what they cost goes back. */
  synchronized void consumed(long n) {
    buffered = Math.max(0, buffered - n);
    uncharge();
  }

  /** Pays for window growth in full; returns the growth granted (all or nothing). */
  synchronized long reserveGrowth(long want) {
    if (!growthBudget.tryReserve(want)) {
      return 0;
    }
    reserved += want;
    uncharge(); // buffered data the grown window now covers
    return want;
  }

  /** Buffered data was released unread: all it cost goes back, and the grown window too. */
  synchronized void discard() {
    buffered = 0;
    releaseWindow();
  }

  /** Returns what is charged for buffered data the stream no longer holds. */
  private void uncharge() {
    long target = Math.max(0, buffered - reserved);
    if (overflow > target) {
      budget.release(overflow - target);
      overflow = target;
    }
  }

  /**
   * Gives back the grown window. The part of it that holds unread data stays paid for, as overflow:
   * handed from the growth budget to the connection's, whose total does not change.
   */
  synchronized void releaseWindow() {
    long holding = Math.min(reserved, Math.max(0, buffered - overflow));
    if (growthBudget.handToParent(holding)) {
      overflow += holding;
      reserved -= holding;
    }
    growthBudget.release(reserved);
    reserved = 0;
    uncharge();
  }

  long limit() {
    return budget.limit();
  }
}
