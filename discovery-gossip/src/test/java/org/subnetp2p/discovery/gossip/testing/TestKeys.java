package org.subnetp2p.discovery.gossip.testing;

import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;

/** Fresh keys and peer ids for tests. */
public final class TestKeys {
  private TestKeys() {}

  /** A new Ed25519 key. */
  public static PrivateKey key() {
    return Keys.generateEd25519();
  }

  /** A peer id no other call returns. */
  public static PeerId peer() {
    return PeerId.fromPublicKey(key().publicKey());
  }

  /** The peer id of {@code key}. */
  public static PeerId peerOf(PrivateKey key) {
    return PeerId.fromPublicKey(key.publicKey());
  }
}
