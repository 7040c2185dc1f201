package org.subnetp2p.core.protocol.framing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.UndecodableMessageException;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesStream;

/**
 * The request/response framing ({@link MessageFraming}: varint length, then the message) read from
 * a stream of any bytes, in any fragmentation: it fails only with {@link
 * UndecodableMessageException} or {@link MessageTooLargeException}, never allocates more than the
 * maximum message size, and returns exactly one framed message per read, reading not a byte more. A
 * message framed by {@link MessageFraming#frame} reads back whole.
 */
class MessageFramingFuzzTest {
  /** The messages read, where each ended in the input, and how reading stopped. */
  private record Reads(List<byte[]> bodies, List<Integer> ends, boolean cleanEnd) {}

  @FuzzTest
  void read(FuzzedDataProvider data) throws Exception {
    int max = data.consumeInt(0, 64 << 10);
    int[] pieces = {data.consumeInt(1, 16), data.consumeInt(1, 4096)};
    byte[] wire = data.consumeRemainingAsBytes();

    Reads reads = Allocations.atMost(Allocations.SLACK + max, () -> readAll(wire, pieces, max));

    int start = 0;
    for (int i = 0; i < reads.bodies().size(); i++) {
      byte[] body = reads.bodies().get(i);
      int end = reads.ends().get(i);
      // A length prefix, then the body, and not a byte more.
      assertThat(body.length).isLessThanOrEqualTo(max);
      assertThat(end - start - body.length).isBetween(1, Varint.MAX_BYTES);
      assertThat(Arrays.copyOfRange(wire, end - body.length, end)).isEqualTo(body);
      start = end;

      BytesValue message = BytesValue.of(ByteString.copyFrom(body));
      byte[] framed = MessageFraming.frame(message, Integer.MAX_VALUE, "m");
      byte[] again = MessageFraming.read(BytesStream.of(framed), Integer.MAX_VALUE, "m");
      assertThat(BytesValue.parseFrom(again)).isEqualTo(message);
    }
    if (reads.cleanEnd()) {
      assertThat(start).isEqualTo(wire.length); // a clean end comes only between messages
    }
  }

  /** Reads messages until the input ends or is refused (at most 64). */
  private static Reads readAll(byte[] wire, int[] pieces, int max) throws IOException {
    BytesStream stream = new BytesStream("/test/1.0.0", null, wire, pieces);
    List<byte[]> bodies = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        byte[] body = MessageFraming.read(stream, max, "m");
        if (body == null) {
          return new Reads(bodies, ends, true);
        }
        bodies.add(body);
        ends.add(wire.length - stream.unread());
      }
    } catch (UndecodableMessageException | MessageTooLargeException refused) {
      // documented
    }
    return new Reads(bodies, ends, false);
  }
}
