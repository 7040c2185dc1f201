package org.subnetp2p.gossipsub.wire;

import com.google.protobuf.ByteString;
import java.util.concurrent.ConcurrentHashMap;
import org.subnetp2p.core.identity.PeerId;

/**
 * Peer ids of message authors by their bytes. Parsing an identity peer id decodes its public key,
 * which costs about as much as verifying a signature; a topic has few authors, so each is parsed
 * once. Bounded: the cache is emptied when it grows past its limit.
 */
public final class Authors {
  private static final int LIMIT = 10_000;
  private static final ConcurrentHashMap<ByteString, PeerId> CACHE = new ConcurrentHashMap<>();

  private Authors() {}

  /**
   * The peer id of {@code bytes}.
   *
   * @throws org.subnetp2p.core.identity.InvalidPeerIdException if they are not a valid peer id
   */
  public static PeerId of(ByteString bytes) {
    PeerId cached = CACHE.get(bytes);
    if (cached != null) {
      return cached;
    }
    PeerId id = PeerId.fromBytes(bytes.toByteArray());
    if (CACHE.size() >= LIMIT) {
      CACHE.clear();
    }
    CACHE.put(bytes, id);
    return id;
  }
}
