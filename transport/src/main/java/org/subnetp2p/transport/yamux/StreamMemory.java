package org.subnetp2p.transport.yamux;

/**
 * What one stream's received data costs, on the event loop: a window grown beyond the spec's 256
 * KiB is paid for in full, from the connection's growth budget; buffered data beyond that is paid
 * for as it arrives, from the connection's budget, and given back as the reader consumes it.
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
  boolean charge(long n) {
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
  void consumed(long n) {
    buffered = Math.max(0, buffered - n);
    uncharge();
  }

  /** Pays for window growth in full; returns the growth granted (all or nothing). */
  long reserveGrowth(long want) {
    if (!growthBudget.tryReserve(want)) {
      return 0;
    }
    reserved += want;
    uncharge(); // buffered data the grown window now covers
    return want;
  }

  /** Buffered data was released unread: all it cost goes back, and the grown window too. */
  void discard() {
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

  /** Gives back the grown window; buffered data beyond it is charged as overflow. */
  void releaseWindow() {
    growthBudget.release(reserved);
    reserved = 0;
    // What the released window covered would now count as overflow: the data is on its way out
    // (read to the end, or discarded), so it is not charged again.
    buffered = Math.min(buffered, overflow);
    uncharge();
  }

  long limit() {
    return budget.limit();
  }
}
