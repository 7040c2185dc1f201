package org.subnetp2p.gossipsub;

/**
 * How messages are signed and checked (pubsub spec, "Signature Policy"). Every peer of a topic must
 * use the same policy and message id function, or the topic breaks.
 */
public enum SignaturePolicy {
  /**
   * Sign own messages (author, sequence number, signature, and the key when the peer id does not
   * inline it); accept only messages whose signature verifies against their author. The default,
   * and what py-libp2p, js-libp2p and go-libp2p do by default.
   */
  STRICT_SIGN(true, true),
  /**
   * Publish without author, sequence number or signature; accept only messages without them. Use a
   * content-based message id (the default id is then the SHA-256 of the data).
   */
  STRICT_NO_SIGN(false, true),
  /** Legacy: sign own messages; accept unsigned messages too, and signed ones that verify. */
  LAX_SIGN(true, false),
  /** Legacy: publish unsigned; accept unsigned messages and signed ones that verify. */
  LAX_NO_SIGN(false, false);

  private final boolean signs;
  private final boolean strict;

  SignaturePolicy(boolean signs, boolean strict) {
    this.signs = signs;
    this.strict = strict;
  }

  /** Whether this node signs (and origin-stamps) what it publishes. */
  public boolean signs() {
    return signs;
  }

  /** Whether received messages must match this node's signing choice exactly. */
  public boolean strict() {
    return strict;
  }
}
