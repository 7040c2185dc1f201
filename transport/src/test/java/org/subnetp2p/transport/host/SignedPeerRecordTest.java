package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.record.PeerRecord;

class SignedPeerRecordTest {
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void close() {
    hosts.close();
  }

  @Test
  void theHostSignsItsListenAddressesWithItsIdentityKey() throws Exception {
    NettyHost host = hosts.start();

    PeerRecord record = PeerRecord.fromEnvelope(host.signedPeerRecord().orElseThrow().toBytes());

    assertThat(record.peerId()).isEqualTo(host.peerId());
    assertThat(record.addresses()).containsExactlyElementsOf(host.listenAddresses());
  }
}
