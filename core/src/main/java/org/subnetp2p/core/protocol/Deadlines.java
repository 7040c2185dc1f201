package org.subnetp2p.core.protocol;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One shared timer thread that enforces call deadlines for every protocol in the JVM. */
final class Deadlines {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("subnet-p2p-deadlines").unstarted(r));
    // Nearly every deadline is cancelled because its call finished in time. Without this, each
    // cancelled task (and the call it references, request bytes included) stays queued until its
    // deadline: at 10,000 calls/s and 30 s deadlines, 300,000 dead entries.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private Deadlines() {}

  /** Runs {@code action} after {@code nanos}, unless cancelled first. */
  static ScheduledFuture<?> after(long nanos, Runnable action) {
    return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
  }
}
