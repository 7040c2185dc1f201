package org.subnetp2p.discovery.gossip;

import java.util.Locale;

/** Why a received peer-state record, or a message on its topic, was refused. Each is counted. */
public enum Rejection {
  /** Larger than the configured maximum message size; refused before parsing. */
  OVERSIZED,
  /** More records from one sender than the per-sender rate allows; refused before parsing. */
  RATE_LIMITED,
  /**
   * Not a well-formed message: not strict UTF-8 JSON, nested too deep, a number out of range, a
   * field missing or of the wrong type, a payload outside the peer-state schema, an unknown kind.
   */
  MALFORMED,
  /**
   * The pubsub sender, the envelope's {@code peer_id}, the header's {@code author} and the owner of
   * its {@code public_key} are not one and the same peer (or the message has no sender).
   */
  SPOOFED,
  /** The header's signature does not verify, or its key or signature is not valid hex/protobuf. */
  BAD_SIGNATURE,
  /** The node id, body hash or body size does not match the content. */
  BAD_HASH,
  /** A namespace other than {@code general-dag} or a schema other than {@code peer-state}. */
  FOREIGN_NAMESPACE,
  /** A subnet id other than this node's. */
  FOREIGN_SUBNET,
  /** Created more than 60 s in the future (subnet-template's bound). */
  FUTURE,
  /** Created longer ago than the expiry window: a replay or a stale copy. */
  EXPIRED,
  /** The payload's {@code multiaddr} is not a multiaddress, or names another peer. */
  BAD_MULTIADDR;

  /** The lower-case, dash-separated name used in metrics and logs, e.g. {@code bad-signature}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
