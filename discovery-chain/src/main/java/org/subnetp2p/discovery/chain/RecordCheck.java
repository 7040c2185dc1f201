package org.subnetp2p.discovery.chain;

import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Turns what the registry holds (text and bytes written by anyone) into a {@link RegistryRecord},
 * or says why it cannot be one. Pure and cheap: no I/O.
 */
public final class RecordCheck {
  /** Longer than any peer id text (a 36-byte identity multihash is 50 base58 characters). */
  public static final int MAX_PEER_ID_TEXT = 128;

  /** Longer than any honest multiaddr; the contract refuses longer ones too. */
  public static final int MAX_MULTIADDR_BYTES = 1024;

  private RecordCheck() {}

  /** The result: a record, or the reason it was skipped. */
  public record Outcome(Optional<RegistryRecord> record, Optional<SkipReason> skipped) {
    static Outcome ok(RegistryRecord r) {
      return new Outcome(Optional.of(r), Optional.empty());
    }

    static Outcome skip(SkipReason reason) {
      return new Outcome(Optional.empty(), Optional.of(reason));
    }
  }

  /** Checks a record as the registry holds it. */
  public static Outcome check(String peerIdText, byte[] multiaddr) {
    Optional<PeerId> peer = peerId(peerIdText);
    if (peerIdText != null && peerIdText.length() > MAX_PEER_ID_TEXT) {
      return Outcome.skip(SkipReason.OVERSIZED);
    }
    if (peer.isEmpty()) {
      return Outcome.skip(SkipReason.BAD_PEER_ID);
    }
    if (multiaddr == null) {
      return Outcome.skip(SkipReason.MALFORMED_MULTIADDR);
    }
    if (multiaddr.length > MAX_MULTIADDR_BYTES) {
      return Outcome.skip(SkipReason.OVERSIZED);
    }
    Multiaddr address;
    Optional<PeerId> named;
    try {
      address = Multiaddr.fromBytes(multiaddr);
      named = address.peerId();
    } catch (RuntimeException e) { // a bad varint, protocol code, value or /p2p/ id
      return Outcome.skip(SkipReason.MALFORMED_MULTIADDR);
    }
    if (named.isEmpty()) {
      return Outcome.skip(SkipReason.MISSING_P2P);
    }
    if (!named.get().equals(peer.get())) {
      return Outcome.skip(SkipReason.PEER_ID_MISMATCH);
    }
    return Outcome.ok(new RegistryRecord(peer.get(), address));
  }

  /**
   * The peer {@code text} names, if it is a peer id in canonical base58 (the form Hypertensor
   * stores): another spelling of the same id would let one peer hold two records.
   */
  public static Optional<PeerId> peerId(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_PEER_ID_TEXT) {
      return Optional.empty();
    }
    try {
      PeerId peer = PeerId.fromString(text);
      return peer.toBase58().equals(text) ? Optional.of(peer) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
