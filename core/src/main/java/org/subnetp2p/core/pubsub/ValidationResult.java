package org.subnetp2p.core.pubsub;

/** A validator's verdict on a message, as GossipSub v1.1's extended validators define it. */
public enum ValidationResult {
  /** Valid: delivered and forwarded. */
  ACCEPT,
  /** Invalid: dropped, and the peer that sent it is penalised. */
  REJECT,
  /** Neither: dropped without penalty (e.g. a duplicate at the application level). */
  IGNORE
}
