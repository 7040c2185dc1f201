package org.subnetp2p.gossipsub.wire;

import org.subnetp2p.gossipsub.GossipSubConfig;

/** The pubsub protocol a peer negotiated with us, and what it implies for talking to it. */
public enum Protocol {
  /** FloodSub: subscriptions and messages only, no control messages, never in a mesh. */
  FLOODSUB(GossipSubConfig.FLOODSUB),
  /** GossipSub v1.1. */
  MESHSUB_V11(GossipSubConfig.MESHSUB_V11),
  /** GossipSub v1.2: IDONTWANT. */
  MESHSUB_V12(GossipSubConfig.MESHSUB_V12),
  /**
   * py-libp2p's {@code /meshsub/2.0.0}: its v1.2 wire format with message ids in IHAVE and IWANT
   * written as lowercase hex text (IDONTWANT keeps raw bytes); it takes no peer exchange.
   */
  MESHSUB_V20(GossipSubConfig.MESHSUB_V20);

  private final String id;

  Protocol(String id) {
    this.id = id;
  }

  /** The protocol id, e.g. {@code /meshsub/1.2.0}. */
  public String id() {
    return id;
  }

  /** The protocol with {@code id}; {@code null} if it is not one of ours. */
  public static Protocol of(String id) {
    for (Protocol p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the peer takes part in meshes and gossip (every version but floodsub). */
  public boolean gossips() {
    return this != FLOODSUB;
  }

  /** Whether the peer understands IDONTWANT. */
  public boolean idontwant() {
    return this == MESHSUB_V12 || this == MESHSUB_V20;
  }

  /** Whether the peer understands peer exchange in PRUNE. */
  public boolean peerExchange() {
    return this == MESHSUB_V11 || this == MESHSUB_V12;
  }

  /** Whether message ids in IHAVE and IWANT to this peer are written as hex text. */
  public boolean hexGossipIds() {
    return this == MESHSUB_V20;
  }
}
