package org.subnetp2p.core.host;

import java.util.List;
import org.subnetp2p.core.identity.PeerId;

/** The remote peer answered "na" to every protocol we offered on a new stream. */
public final class ProtocolNotSupportedException extends P2PException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> protocols;

  /** {@code peer} supports none of {@code protocols}. */
  public ProtocolNotSupportedException(PeerId peer, List<String> protocols) {
    super("peer " + peer + " does not support " + String.join(" or ", protocols));
    this.protocols = List.copyOf(protocols);
  }

  /** The remote, not yet identified, supports none of {@code protocols}. */
  public ProtocolNotSupportedException(List<String> protocols) {
    super("remote does not support " + String.join(" or ", protocols));
    this.protocols = List.copyOf(protocols);
  }

  /** The protocols we offered. */
  public List<String> protocols() {
    return protocols;
  }
}
