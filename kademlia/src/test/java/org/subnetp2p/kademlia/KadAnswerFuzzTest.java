package org.subnetp2p.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesConnection;
import org.subnetp2p.core.testing.BytesStream;
import org.subnetp2p.kademlia.wire.Frames;
import org.subnetp2p.kademlia.wire.PeerEntry;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * A Kademlia answer as a lookup takes it in from any bytes: {@code Frames.read} returns a message
 * (which frames back to itself) or nothing, or fails with {@link P2PException} only, reading no
 * more than the size limit allows; then, as {@code Lookups} and {@code Content} do, the sender's
 * record is filed, the closer and provider peers are read through the {@code PeerDirectory} (at
 * most the configured number, each with at most the configured addresses, none with {@code /p2p/},
 * never ourselves), their addresses are asked for a dial (which verifies relayed signed records: a
 * kept record names its peer), and a record is validated with {@link InvalidRecordException} as its
 * only failure. Allocation stays bounded by the input and the signed records verified.
 *
 * <p>Input: byte 0 the size of each read (1-256), the rest the stream bytes.
 */
class KadAnswerFuzzTest {
  private static final int MAX_RESPONSE = KadFuzzFixture.CONFIG.maxResponseSize();

  /** What verifying one relayed signed record may allocate (its key and envelope decoded). */
  private static final long PER_RECORD = 64 << 10;

  @FuzzTest
  void read(byte[] input) throws Exception {
    int piece = input.length > 0 ? (input[0] & 0xFF) + 1 : 1;
    byte[] wire = input.length > 1 ? Arrays.copyOfRange(input, 1, input.length) : new byte[0];
    PeerId sender = BytesConnection.anonymous().remotePeer();
    KadConfig config = KadFuzzFixture.CONFIG;

    // Built inside the measured code, which runs again when classes were loaded during it.
    record Read(BytesStream stream, Message answer, P2PException refused) {}
    Read read =
        Allocations.atMost(
            Allocations.SLACK + MAX_RESPONSE + 64L * wire.length,
            () -> {
              BytesStream s =
                  new BytesStream(KadConfig.PROTOCOL_ID, BytesConnection.anonymous(), wire, piece);
              try {
                return new Read(s, Frames.read(s, MAX_RESPONSE), null);
              } catch (P2PException refused) {
                return new Read(s, null, refused);
              }
            });
    assertThat(wire.length - read.stream().unread())
        .isLessThanOrEqualTo(Varint.MAX_BYTES + MAX_RESPONSE);
    Message answer = read.answer();
    if (answer == null) {
      assertThat(read.refused() != null || wire.length == 0).isTrue();
      return;
    }
    assertThat(Frames.read(BytesStream.of(Frames.frame(answer)), MAX_RESPONSE)).isEqualTo(answer);

    int peers = answer.getCloserPeersCount() + answer.getProviderPeersCount() + 1;
    Allocations.atMost(
        4 * Allocations.SLACK + 256L * wire.length + peers * PER_RECORD,
        () -> {
          KadFuzzFixture.Dht dht = new KadFuzzFixture.Dht();
          dht.directory.learnSender(sender, answer);
          for (List<Message.Peer> wirePeers :
              List.of(answer.getCloserPeersList(), answer.getProviderPeersList())) {
            List<PeerEntry> entries = dht.directory.read(wirePeers);
            assertThat(entries).hasSizeLessThanOrEqualTo(config.maxCloserPeers());
            for (PeerEntry e : entries) {
              assertThat(e.peer()).isNotEqualTo(KadFuzzFixture.HOST.peerId());
              checkAddresses(e.addresses());
              checkAddresses(dht.directory.store().addresses(e.peer()));
              dht.directory
                  .store()
                  .record(e.peer())
                  .ifPresent(r -> assertThat(r.record().peerId()).isEqualTo(e.peer()));
            }
          }
          checkAddresses(dht.directory.store().addresses(sender));
          if (answer.hasRecord()) {
            try {
              new NamespacedValidator(config.validators())
                  .validate(
                      answer.getRecord().getKey().toByteArray(),
                      answer.getRecord().getValue().toByteArray());
            } catch (InvalidRecordException refused) {
              // documented
            }
          }
          return null;
        });
  }

  private static void checkAddresses(List<Multiaddr> addresses) {
    assertThat(addresses).hasSizeLessThanOrEqualTo(KadFuzzFixture.CONFIG.maxAddressesPerPeer());
    for (Multiaddr a : addresses) {
      assertThat(a.peerId()).isEqualTo(Optional.empty());
    }
  }
}
