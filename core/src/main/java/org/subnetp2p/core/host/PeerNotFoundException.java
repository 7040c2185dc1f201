package org.subnetp2p.core.host;

import java.util.List;
import org.subnetp2p.core.identity.PeerId;

/**
 * Nobody knew an address of the peer: not the open connections, not the address book, not any
 * discovery asked. The message names the sources asked, in order.
 */
public final class PeerNotFoundException extends DialException {
  private static final long serialVersionUID = 1L;

  private final transient PeerId peer;
  private final transient List<String> sourcesAsked;

  /** {@code peer} was not found by any of {@code sourcesAsked}. */
  public PeerNotFoundException(PeerId peer, List<String> sourcesAsked) {
    super(
        "no address found for peer " + peer + " (asked: " + String.join(", ", sourcesAsked) + ")");
    this.peer = peer;
    this.sourcesAsked = List.copyOf(sourcesAsked);
  }

  /** The peer looked for. */
  public PeerId peer() {
    return peer;
  }

  /** The sources asked, in order: {@code address book}, then the discoveries by name. */
  public List<String> sourcesAsked() {
    return sourcesAsked;
  }
}
