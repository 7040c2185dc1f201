package org.subnetp2p.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;

class PeerRecordSignerTest {
  private static final PrivateKey KEY = Keys.generateEd25519();
  private static final PeerId PEER = PeerId.fromPublicKey(KEY.publicKey());
  private static final Multiaddr A = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
  private static final Multiaddr B = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");

  @Test
  void signsOncePerSetOfAddressesAndNewerRecordsHaveHigherSequenceNumbers() throws Exception {
    PeerRecordSigner signer = new PeerRecordSigner(KEY);

    SignedEnvelope first = signer.sign(List.of(A));
    SignedEnvelope again = signer.sign(List.of(A.withPeerId(PEER)));
    SignedEnvelope moved = signer.sign(List.of(A, B));

    assertThat(again).isSameAs(first);
    PeerRecord before = PeerRecord.fromEnvelope(first.toBytes());
    PeerRecord after = PeerRecord.fromEnvelope(moved.toBytes());
    assertThat(before.peerId()).isEqualTo(PEER);
    assertThat(before.addresses()).containsExactly(A);
    assertThat(after.addresses()).containsExactly(A, B);
    assertThat(after.seq()).isGreaterThan(before.seq());
  }
}
