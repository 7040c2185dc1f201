package org.subnetp2p.discovery.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.testing.ChainFixture;

class RecordCheckTest {
  private final PeerId peer = ChainFixture.newPeer();

  private static Optional<SkipReason> reason(String id, byte[] address) {
    return RecordCheck.check(id, address).skipped();
  }

  @Test
  void aWellFormedRecordPasses() {
    Multiaddr address = Multiaddr.parse("/ip4/10.1.2.3/tcp/4001/p2p/" + peer);
    assertThat(RecordCheck.check(peer.toBase58(), address.toBytes()).record())
        .contains(new RegistryRecord(peer, address));
  }

  @Test
  void eachDefectHasItsReason() {
    byte[] good = Multiaddr.parse("/ip4/10.1.2.3/tcp/4001/p2p/" + peer).toBytes();
    assertThat(reason("not a peer id", good)).contains(SkipReason.BAD_PEER_ID);
    assertThat(reason(peer.toCidString(), good))
        .as("another spelling")
        .contains(SkipReason.BAD_PEER_ID);
    assertThat(reason("1".repeat(200), good)).contains(SkipReason.OVERSIZED);
    assertThat(reason(peer.toBase58(), new byte[2000])).contains(SkipReason.OVERSIZED);
    assertThat(reason(peer.toBase58(), new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}))
        .contains(SkipReason.MALFORMED_MULTIADDR);
    assertThat(reason(peer.toBase58(), Multiaddr.parse("/ip4/10.1.2.3/tcp/1").toBytes()))
        .contains(SkipReason.MISSING_P2P);
    PeerId other = ChainFixture.newPeer();
    assertThat(
            reason(peer.toBase58(), Multiaddr.parse("/ip4/10.1.2.3/tcp/1/p2p/" + other).toBytes()))
        .contains(SkipReason.PEER_ID_MISMATCH);
    assertThat(reason(null, good)).contains(SkipReason.BAD_PEER_ID);
    assertThat(reason(peer.toBase58(), null)).contains(SkipReason.MALFORMED_MULTIADDR);
  }
}
