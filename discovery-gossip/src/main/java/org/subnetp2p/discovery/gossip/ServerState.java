package org.subnetp2p.discovery.gossip;

import java.util.Optional;

/** A peer's announced state, subnet-template's {@code ServerState}: the record's {@code state}. */
public enum ServerState {
  /** Leaving: its last record says so; others forget it at once. */
  OFFLINE(0),
  /** Starting up (subnet-template's nodes announce this until their app says otherwise). */
  JOINING(1),
  /** Serving. */
  ONLINE(2);

  private final int code;

  ServerState(int code) {
    this.code = code;
  }

  /** The value on the wire. */
  public int code() {
    return code;
  }

  /** The state with wire value {@code code}, if there is one. */
  public static Optional<ServerState> of(long code) {
    for (ServerState s : values()) {
      if (s.code == code) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
