package org.subnetp2p.discovery.gossip;

import java.util.Objects;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * What the latest valid heartbeat of a peer says, and when it lapses.
 *
 * @param peerId the peer, the record's author
 * @param address its announced multiaddress, ending in {@code /p2p/<peer id>}
 * @param subnetId the subnet it announces
 * @param subnetNodeId its node id in that subnet
 * @param state its announced state
 * @param epoch the subnet epoch it announced
 * @param nodeId the DAG node id of the record
 * @param createdAtMs when the peer made the record, by its clock
 * @param lastSeenMs when this node received it, by this node's clock (for a record fetched through
 *     the sync protocol, its creation time if earlier)
 * @param expiresAtMs when this node forgets the peer unless a newer record arrives
 */
public record KnownPeer(
    PeerId peerId,
    Multiaddr address,
    long subnetId,
    long subnetNodeId,
    ServerState state,
    long epoch,
    String nodeId,
    long createdAtMs,
    long lastSeenMs,
    long expiresAtMs) {

  /** Checks for nulls. */
  public KnownPeer {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nodeId, "nodeId");
  }
}
