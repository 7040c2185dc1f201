package org.subnetp2p.core.record;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Signs a host's own peer record with its identity key, once per set of addresses: the same
 * envelope is handed out until the addresses change, then a new record with a higher sequence
 * number replaces it. Hosts use it to implement {@link
 * org.subnetp2p.core.host.Host#signedPeerRecord()}. Thread-safe.
 */
public final class PeerRecordSigner {
  private final PrivateKey key;
  private final PeerId peerId;
  private @Nullable List<Multiaddr> signedFor;
  private @Nullable SignedEnvelope envelope;

  /** A signer for the peer that {@code key} identifies. */
  public PeerRecordSigner(PrivateKey key) {
    this.key = Objects.requireNonNull(key, "key");
    this.peerId = PeerId.fromPublicKey(key.publicKey());
  }

  /** The signed record of {@code addresses} ({@code /p2p/} suffixes are dropped). */
  public synchronized SignedEnvelope sign(List<Multiaddr> addresses) {
    List<Multiaddr> bare = addresses.stream().map(Multiaddr::withoutPeerId).distinct().toList();
    if (envelope == null || !bare.equals(signedFor)) {
      envelope = PeerRecord.of(peerId, bare).seal(key);
      signedFor = bare;
    }
    return envelope;
  }
}
