package org.subnetp2p.node.cli;

import java.time.Duration;

/** Closes something within a bound, so that a command never hangs on its way out. */
final class Closer {
  private Closer() {}

  /** Closes {@code c}, waiting at most {@code limit}; true if it finished in time. */
  static boolean closeWithin(AutoCloseable c, Duration limit) {
    Thread closing =
        Thread.ofPlatform()
            .name("close")
            .daemon()
            .start(
                () -> {
                  try {
                    c.close();
                  } catch (Exception e) {
                    System.err.println("warning: closing failed: " + e);
                  }
                });
    try {
      closing.join(limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closing.isAlive();
  }
}
