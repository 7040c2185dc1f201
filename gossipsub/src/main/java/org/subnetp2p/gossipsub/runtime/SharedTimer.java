package org.subnetp2p.gossipsub.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon timer thread for every router in the JVM (a simulation runs a thousand). Its tasks
 * only hand work to a router's loop, so they never block it.
 */
public final class SharedTimer {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("gossipsub-timer").daemon().factory());

  private SharedTimer() {}

  /** Runs {@code task} (which must not block) after {@code delay}, then every {@code period}. */
  public static ScheduledFuture<?> every(Duration delay, Duration period, Runnable task) {
    return TIMER.scheduleAtFixedRate(task, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} (which must not block) once after {@code delay}. */
  public static ScheduledFuture<?> once(Duration delay, Runnable task) {
    return TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
