package org.subnetp2p.core.testing;

import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

/** Fresh peer ids for tests. */
public final class TestPeers {
  private TestPeers() {}

  /** A peer id no other call returns. */
  public static PeerId random() {
    return PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
  }
}
