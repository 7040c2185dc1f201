package org.subnetp2p.core.protocol;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One shared timer thread that enforces call deadlines for every protocol in the JVM. */
final class Deadlines {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("subnet-p2p-deadlines").unstarted(r));

  private Deadlines() {}

  /** Runs {@code action} after {@code nanos}, unless cancelled first. */
  static ScheduledFuture<?> after(long nanos, Runnable action) {
    return TIMER.schedule(action, nanos, TimeUnit.NANOSECONDS);
  }
}
