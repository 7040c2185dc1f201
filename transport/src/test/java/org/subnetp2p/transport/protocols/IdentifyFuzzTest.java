package org.subnetp2p.transport.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.InMemoryAddressBook;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesConnection;
import org.subnetp2p.core.testing.BytesStream;
import org.subnetp2p.core.testing.MemoryHost;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.transport.protocols.pb.Identify;

/**
 * Identify against a remote that answers with any bytes: {@link IdentifyService#identify} returns
 * what the remote said or fails with an {@link IOException}, never anything else; it reads at most
 * its message limit, files at most {@link InMemoryAddressBook#MAX_ADDRESSES_PER_PEER} addresses for
 * the peer, none naming a peer, and never a public key that is not the peer's.
 *
 * <p>Input: byte 0 picks the answer's form (even: the raw bytes; odd: one length-prefixed {@code
 * Identify} message made of the remaining bytes, with the remote's real key set, so that the
 * addresses and protocols are read), byte 1 the size of each read (1-256).
 */
class IdentifyFuzzTest {
  private static final PrivateKey REMOTE_KEY = Keys.ed25519PrivateKey(new byte[32]);
  private static final PeerId REMOTE = PeerId.fromPublicKey(REMOTE_KEY.publicKey());
  private static final PrivateKey LOCAL_KEY =
      Keys.ed25519PrivateKey(
          new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
          });

  @FuzzTest
  void identify(byte[] input) throws Exception {
    boolean wellFormed = input.length > 0 && (input[0] & 1) == 1;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] data = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    byte[] answer = wellFormed ? message(data) : data;

    MemoryHost local = new MemoryNetwork().newHost(PeerId.fromPublicKey(LOCAL_KEY.publicKey()));
    IdentifyService service = new IdentifyService(local, LOCAL_KEY.publicKey(), "fuzz");
    BytesConnection connection =
        new BytesConnection(
            REMOTE, protocols -> new BytesStream(protocols.get(0), null, answer, piece));
    IdentifyInfo info;
    try {
      info =
          Allocations.atMost(
              Allocations.SLACK + 64L * answer.length, () -> service.identify(connection));
    } catch (IOException refused) {
      return;
    } finally {
      local.close();
    }
    assertThat(info.peer()).isEqualTo(REMOTE);
    assertThat(info.listenAddresses()).allSatisfy(a -> assertThat(a.peerId()).isEmpty());
    AddressBook book = local.addressBook();
    assertThat(book.addresses(REMOTE))
        .hasSizeLessThanOrEqualTo(InMemoryAddressBook.MAX_ADDRESSES_PER_PEER);
  }

  /** One length-prefixed identify message: {@code bytes} as a message, with the remote's key. */
  private static byte[] message(byte[] bytes) {
    Identify.Builder message = Identify.newBuilder();
    try {
      message.mergeFrom(bytes);
    } catch (InvalidProtocolBufferException notAMessage) {
      message.clear();
    }
    byte[] body =
        message
            .setPublicKey(ByteString.copyFrom(REMOTE_KEY.publicKey().marshal()))
            .build()
            .toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Varint.encode(body.length));
    out.writeBytes(body);
    return out.toByteArray();
  }
}
