package org.subnetp2p.transport.yamux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that remote peers can make this host hold, with a limit: one budget per host, and under it
 * one per connection. A reservation succeeds only if it fits in the connection's budget and in the
 * host's, so one peer cannot take more than its connection's share, and all peers together not more
 * than the host's. Lock-free; any thread.
 */
public final class MemoryBudget {
  /** The value of {@link #used} once closed: nothing more is taken or given back. */
  private static final long CLOSED = Long.MIN_VALUE;

  private final long limit;
  private final MemoryBudget parent;
  private final AtomicLong used = new AtomicLong();

  private MemoryBudget(long limit, MemoryBudget parent) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive, was " + limit);
    }
    this.limit = limit;
    this.parent = parent;
  }

  /** A host's budget of {@code limit} bytes. */
  public static MemoryBudget of(long limit) {
    return new MemoryBudget(limit, null);
  }

  /** A budget without a practical limit, for sessions used on their own. */
  public static MemoryBudget unlimited() {
    return new MemoryBudget(Long.MAX_VALUE, null);
  }

  /** A connection's budget of {@code limit} bytes, drawn from this one. */
  public MemoryBudget child(long limit) {
    return new MemoryBudget(limit, this);
  }

  /** Takes {@code n} bytes if they fit here and in every budget above; false if not. */
  public boolean tryReserve(long n) {
    if (n <= 0) {
      return true;
    }
    if (parent != null && !parent.tryReserve(n)) {
      return false;
    }
    while (true) {
      long current = used.get();
      if (current == CLOSED || n > limit - current) {
        if (parent != null) {
          parent.release(n);
        }
        return false;
      }
      if (used.compareAndSet(current, current + n)) {
        return true;
      }
    }
  }

  /** Returns {@code n} bytes taken with {@link #tryReserve}; nothing once closed. */
  public void release(long n) {
    if (n <= 0) {
      return;
    }
    while (true) {
      long current = used.get();
      if (current == CLOSED) {
        return; // close() gave everything back already
      }
      if (used.compareAndSet(current, current - n)) {
        break;
      }
    }
    if (parent != null) {
      parent.release(n);
    }
  }

  /**
   * Stops counting {@code n} bytes here while every budget above keeps them, as if the parent had
   * reserved them itself; false, changing nothing, once closed (the parent got them back already).
   */
  boolean handToParent(long n) {
    if (n <= 0) {
      return true;
    }
    while (true) {
      long current = used.get();
      if (current == CLOSED) {
        return false;
      }
      if (used.compareAndSet(current, current - n)) {
        return true;
      }
    }
  }

  /**
   * Ends a connection's budget: what it still holds goes back to the host's at once, whatever its
   * holders do later, and further reservations fail. Each byte goes back exactly once.
   */
  public void close() {
    long held = used.getAndSet(CLOSED);
    if (held != CLOSED && parent != null && held > 0) {
      parent.release(held);
    }
  }

  /** Bytes reserved now. */
  public long used() {
    long u = used.get();
    return u == CLOSED ? 0 : u;
  }

  /** The most this budget grants. */
  public long limit() {
    return limit;
  }
}
