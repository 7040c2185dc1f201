package org.subnetp2p.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/** Waits for a condition with a generous deadline, for tests on a loaded machine. */
public final class Eventually {
  private Eventually() {}

  /** Returns once {@code condition} holds; fails the test naming {@code what} after 30 s. */
  public static void until(String what, BooleanSupplier condition) {
    Awaitility.await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
  }
}
