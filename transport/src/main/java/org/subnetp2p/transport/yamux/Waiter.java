package org.subnetp2p.transport.yamux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where user threads wait for a stream to change, without a lock: a thread registers, re-checks its
 * condition, and parks; whoever changes the state (often an event loop) calls {@link #signal},
 * which only unparks and so never waits. Registering before the re-check means no wake-up is lost.
 */
public final class Waiter {
  private final ConcurrentLinkedQueue<Thread> parked = new ConcurrentLinkedQueue<>();

  /**
   * Waits until {@code ready} holds, re-reading {@code deadline} after every wake-up so that a
   * deadline moved meanwhile counts.
   *
   * @throws SocketTimeoutException once the deadline has passed
   * @throws InterruptedIOException if the thread is interrupted; its interrupt status stays set
   */
  public void await(BooleanSupplier ready, Supplier<Instant> deadline, String what)
      throws IOException {
    Thread me = Thread.currentThread();
    parked.add(me);
    try {
      while (!ready.getAsBoolean()) {
        Instant d = deadline.get();
        if (d == null) {
          LockSupport.park(this);
        } else {
          long nanos = nanosUntil(d);
          if (nanos <= 0) {
            throw new SocketTimeoutException(what + ": deadline passed");
          }
          LockSupport.parkNanos(this, nanos);
        }
        if (Thread.interrupted()) {
          me.interrupt();
          throw new InterruptedIOException(what + ": interrupted");
        }
      }
    } finally {
      parked.remove(me);
    }
  }

  /** Wakes every waiting thread, which re-checks its condition. Never blocks. */
  public void signal() {
    for (Thread t : parked) {
      LockSupport.unpark(t);
    }
  }

  private static long nanosUntil(Instant deadline) {
    try {
      return Duration.between(Instant.now(), deadline).toNanos();
    } catch (ArithmeticException farFuture) {
      return Long.MAX_VALUE;
    }
  }
}
