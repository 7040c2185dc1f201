package org.subnetp2p.discovery.gossip.peerstate;

import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.dag.DagHeader;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.dag.RecordException;

/**
 * Decides whether a DAG node is a peer-state record this node accepts: subnet-template's checks
 * (namespace and schema, the signer is the sender, payload schema, not over 60 s in the future,
 * hashes, signature, author) plus this node's own (same subnet id, a real multiaddress, and for a
 * live record not older than the expiry window). The cheap checks run before the signature.
 */
public final class RecordValidator {
  /**
   * A record that passed.
   *
   * @param node the node
   * @param state its payload
   * @param author its author, who signed it
   * @param address the announced address with {@code /p2p/<author>}
   * @param contentSize the node's hashed content size, for the store's budget
   */
  public record Valid(
      DagNode node, PeerState state, PeerId author, Multiaddr address, int contentSize) {}

  private final long subnetId;
  private final long windowMs;

  /**
   * @param subnetId the subnet records must announce
   * @param windowMs how old a live record may be
   */
  public RecordValidator(long subnetId, long windowMs) {
    this.subnetId = subnetId;
    this.windowMs = windowMs;
  }

  /**
   * Checks {@code node}.
   *
   * @param sender the peer that must have signed it (the pubsub message's author), or {@code null}
   *     for a node fetched through the sync protocol, which anyone may relay
   * @param live whether it arrived as a live heartbeat (then it must be recent) rather than as
   *     history
   * @throws RecordException naming the reason
   */
  public Valid check(DagNode node, PeerId sender, long nowMs, boolean live) throws RecordException {
    DagHeader header = node.header();
    if (!PeerStateRecords.NAMESPACE.equals(header.namespace())
        || !PeerStateRecords.SCHEMA_ID.equals(header.schemaId())) {
      throw new RecordException(Rejection.FOREIGN_NAMESPACE, "not a general-dag peer-state node");
    }
    PeerId signer = DagNodes.signer(header);
    if ((sender != null && !signer.equals(sender)) || !signer.toBase58().equals(header.author())) {
      throw new RecordException(Rejection.SPOOFED, "signing key is not the sender's or author's");
    }
    PeerState state = PeerState.fromPayload(node.body().payload());
    Multiaddr address = address(state.multiaddr(), signer);
    if (header.createdAtMs() > nowMs + PeerStateRecords.MAX_FUTURE_MS) {
      throw new RecordException(Rejection.FUTURE, "created more than 60 s from now");
    }
    if (live && header.createdAtMs() < nowMs - windowMs) {
      throw new RecordException(Rejection.EXPIRED, "created before the expiry window");
    }
    if (state.subnetId() != subnetId) {
      throw new RecordException(Rejection.FOREIGN_SUBNET, "announces another subnet");
    }
    int size = DagNodes.verify(node);
    return new Valid(node, state, signer, address, size);
  }

  private static Multiaddr address(String text, PeerId author) throws RecordException {
    try {
      Multiaddr parsed = Multiaddr.parse(text);
      if (parsed.peerId().isPresent() && !parsed.peerId().get().equals(author)) {
        throw new RecordException(Rejection.BAD_MULTIADDR, "multiaddr names another peer");
      }
      return parsed.withoutPeerId().withPeerId(author);
    } catch (IllegalArgumentException e) { // MultiaddrException, InvalidPeerIdException
      throw new RecordException(Rejection.BAD_MULTIADDR, "not a multiaddr");
    }
  }
}
