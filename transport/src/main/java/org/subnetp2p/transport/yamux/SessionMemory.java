package org.subnetp2p.transport.yamux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the remote can make a session hold, drawn from the host's budget: the connection's budget,
 * and the half of it into which receive windows may grow. Windows beyond the spec's 256 KiB are
 * paid for here up front; the streams charge their buffered data against it as it arrives.
 */
final class SessionMemory {
  private final MemoryBudget budget;
  private final MemoryBudget growthBudget;
  private final AtomicLong resets = new AtomicLong();

  SessionMemory(MemoryBudget hostMemory, long connectionMemory) {
    this.budget = hostMemory.child(connectionMemory);
    // Windows may grow into half of it; the other half stays for the data every stream may send
    // within its initial window, so that growth on busy streams never crowds out the rest.
    this.growthBudget = budget.child(Math.max(1, connectionMemory / 2));
  }

  MemoryBudget budget() {
    return budget;
  }

  MemoryBudget growthBudget() {
    return growthBudget;
  }

  /**
   * A new stream's window: {@code configured} if the growth budget can pay for it, else 256 KiB.
   */
  int initialWindow(int configured) {
    int extra = configured - YamuxFrame.DEFAULT_WINDOW;
    if (extra > 0 && !growthBudget.tryReserve(extra)) {
      extra = 0;
    }
    return YamuxFrame.DEFAULT_WINDOW + extra;
  }

  /** Counts a stream reset because its data did not fit. */
  void countReset() {
    resets.incrementAndGet();
  }

  long resets() {
    return resets.get();
  }

  long used() {
    return budget.used();
  }

  long limit() {
    return budget.limit();
  }

  /**
   * The session ended and its streams gave their windows back. The connection's budget stays open:
   * data that arrived and is not read yet stays paid for until read, discarded, or its stream is
   * unreachable (see {@code StreamReceiver}); nothing new is received to charge it.
   */
  void end() {
    growthBudget.close();
  }
}
