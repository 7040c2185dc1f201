package org.subnetp2p.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesConnection;
import org.subnetp2p.core.testing.BytesStream;
import org.subnetp2p.kademlia.wire.Frames;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * The DHT's request handler ({@code KadServer} with its {@code Responder}, wired as {@link KadDht}
 * wires them) against a peer that sends any bytes: it never throws; it answers each request it
 * serves with exactly one frame holding a message of the request's type, in order, at most {@code
 * MAX_REQUESTS_PER_STREAM} of them, with no more closer or provider peers and addresses than
 * configured and never the requester among the closer peers; it either closes the stream after the
 * last or resets it, and counts one answer per frame; it reads no more than that many requests of
 * the size limit; the value store stays within its limit; and what it allocates is bounded by the
 * input and the answers it gives.
 *
 * <p>Input: byte 0 picks the form (even: raw stream bytes; odd: the rest is a sequence of a length
 * byte and that many bytes of a request body, each framed by the test), byte 1 the size of each
 * read (1-256).
 */
class KadServerFuzzTest {
  /** {@code KadServer.MAX_REQUESTS_PER_STREAM}. */
  private static final int MAX_REQUESTS = 32;

  /** What one answer may allocate: up to 20 peers with addresses, our freshly signed record. */
  private static final long PER_ANSWER = 96 << 10;

  @FuzzTest
  void serve(byte[] input) throws Exception {
    boolean framed = input.length > 0 && (input[0] & 1) == 1;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] data = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    byte[] wire = framed ? frames(data) : data;

    record Served(KadFuzzFixture.Dht dht, BytesStream stream) {}
    Served served =
        Allocations.atMost(
            4 * Allocations.SLACK
                + KadFuzzFixture.CONFIG.maxRequestSize()
                + 256L * wire.length
                + MAX_REQUESTS * PER_ANSWER,
            () -> {
              KadFuzzFixture.Dht dht = new KadFuzzFixture.Dht();
              BytesStream peer =
                  new BytesStream(KadConfig.PROTOCOL_ID, BytesConnection.anonymous(), wire, piece);
              dht.server().handle(peer);
              return new Served(dht, peer);
            });
    KadFuzzFixture.Dht dht = served.dht();
    BytesStream stream = served.stream();

    int maxRequest = KadFuzzFixture.CONFIG.maxRequestSize();
    assertThat(wire.length - stream.unread())
        .isLessThanOrEqualTo(MAX_REQUESTS * (Varint.MAX_BYTES + maxRequest));
    assertThat(stream.wasReset() || stream.writeClosed()).isTrue();

    List<Message> answers = readAll(stream.written());
    assertThat(answers).hasSizeLessThanOrEqualTo(MAX_REQUESTS);
    assertThat(dht.counters.inboundAnswered.sum()).isEqualTo(answers.size());
    // The requests answered are the first ones on the wire, read by the same decoder.
    Stream again = BytesStream.of(wire);
    for (Message answer : answers) {
      Message request = Frames.read(again, maxRequest);
      assertThat(request).isNotNull();
      assertThat(answer.getTypeValue()).isEqualTo(request.getTypeValue());
      checkPeers(answer.getCloserPeersList());
      checkPeers(answer.getProviderPeersList());
      byte[] requester = BytesConnection.anonymous().remotePeer().toBytes();
      for (Message.Peer p : answer.getCloserPeersList()) {
        assertThat(p.getId().toByteArray()).isNotEqualTo(requester);
      }
      assertThat(answer.hasSenderRecord()).isTrue();
    }
    assertThat(dht.values.size()).isLessThanOrEqualTo(KadFuzzFixture.CONFIG.maxRecords());
  }

  private static void checkPeers(List<Message.Peer> peers) {
    KadConfig config = KadFuzzFixture.CONFIG;
    assertThat(peers).hasSizeLessThanOrEqualTo(Math.min(config.k(), config.maxCloserPeers()));
    for (Message.Peer p : peers) {
      assertThat(p.getAddrsCount()).isLessThanOrEqualTo(config.maxAddressesPerPeer());
    }
  }

  /** Every frame written, each a whole message: nothing else may be on the wire. */
  private static List<Message> readAll(byte[] written) throws Exception {
    List<Message> out = new ArrayList<>();
    Stream s = BytesStream.of(written);
    for (Message m = Frames.read(s, Integer.MAX_VALUE);
        m != null;
        m = Frames.read(s, Integer.MAX_VALUE)) {
      out.add(m);
    }
    return out;
  }

  /** {@code data} as a sequence of (length byte, body), each body framed. */
  private static byte[] frames(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < data.length) {
      int n = Math.min(data[i] & 0xFF, data.length - i - 1);
      out.writeBytes(Varint.encode(n));
      out.write(data, i + 1, n);
      i += 1 + n;
    }
    return out.toByteArray();
  }
}
