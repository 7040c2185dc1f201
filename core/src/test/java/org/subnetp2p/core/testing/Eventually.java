package org.subnetp2p.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous deadline, for tests on a loaded machine. */
public final class Eventually {
  private Eventually() {}

  /** Returns once {@code condition} holds; fails the test after 30 s. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(2);
    }
  }
}
