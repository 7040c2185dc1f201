package org.subnetp2p.transport.noise;

import java.util.List;
import java.util.Objects;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PublicKey;

/**
 * The outcome of a successful Noise handshake: who the remote peer proved to be.
 *
 * @param remotePeerId the peer id of {@code remoteIdentityKey}
 * @param remoteIdentityKey the libp2p identity key that signed the remote's Noise static key
 * @param remoteStreamMuxers the stream muxer protocol ids the remote offered as early data, in its
 *     order of preference; empty if it offered none
 */
public record SecureSession(
    PeerId remotePeerId, PublicKey remoteIdentityKey, List<String> remoteStreamMuxers) {
  /** Checks that no component is null and freezes the muxer list. */
  public SecureSession {
    Objects.requireNonNull(remotePeerId, "remotePeerId");
    Objects.requireNonNull(remoteIdentityKey, "remoteIdentityKey");
    remoteStreamMuxers = List.copyOf(remoteStreamMuxers);
  }
}
