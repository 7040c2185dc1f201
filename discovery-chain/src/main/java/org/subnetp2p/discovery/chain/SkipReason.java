package org.subnetp2p.discovery.chain;

import java.util.Locale;

/** Why a registry record or event was skipped: never admitted, never handed out as an address. */
public enum SkipReason {
  /** The peer id text or the multiaddr is longer than any honest one. */
  OVERSIZED,
  /** The peer id text is not a peer id in canonical base58. */
  BAD_PEER_ID,
  /** The multiaddr bytes do not decode. */
  MALFORMED_MULTIADDR,
  /** The multiaddr does not end in {@code /p2p/<peer id>}. */
  MISSING_P2P,
  /** The multiaddr's {@code /p2p/} id is another peer than the registered one. */
  PEER_ID_MISMATCH,
  /** The subnet has more records than the reader keeps ({@code max-peers}). */
  OVER_LIMIT,
  /** A log from the registry that decodes as none of its events. */
  UNDECODABLE_EVENT;

  /** The label used in logs and metrics, e.g. {@code peer_id_mismatch}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
