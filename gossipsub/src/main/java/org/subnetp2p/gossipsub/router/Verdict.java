package org.subnetp2p.gossipsub.router;

/** The outcome of validating a received message. */
public enum Verdict {
  /** Valid: deliver and forward; reward the deliverers. */
  ACCEPT,
  /** Invalid by a validator or the size limit: drop; penalise the deliverers (P4). */
  REJECT,
  /**
   * Fails the signature policy: drop; penalise the first deliverer, and forget the id so that the
   * genuine message, which a forgery may have raced, can still arrive.
   */
  REJECT_SIGNATURE,
  /** Neither valid nor invalid: drop without penalty. */
  IGNORE,
  /** Not validated for lack of capacity: drop without penalty, forget the id. */
  THROTTLED
}
