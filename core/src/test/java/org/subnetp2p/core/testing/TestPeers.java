package org.subnetp2p.core.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.subnetp2p.core.identity.PeerId;

/** Fresh peer ids for tests. */
public final class TestPeers {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestPeers() {}

  /** A peer id no other call returns. */
  public static PeerId random() {
    return PeerId.fromString("peer" + NEXT.incrementAndGet());
  }
}
