package org.subnetp2p.transport.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;

class ListenerStreamTest {
  private static final Set<String> SERVED = Set.of("/echo/1.0.0");

  /** Hands out scripted chunks, one per read, and logs reads and writes in order. */
  private static final class ScriptedStream implements Stream {
    final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    final List<String> log = new ArrayList<>();
    final List<byte[]> writes = new ArrayList<>();

    ScriptedStream(byte[]... chunks) {
      this.chunks.addAll(List.of(chunks));
    }

    @Override
    public int read(byte[] dst, int off, int len) {
      byte[] next = chunks.poll();
      log.add("read");
      if (next == null) {
        return -1;
      }
      if (next.length > len) {
        throw new IllegalStateException("test chunk larger than the read");
      }
      System.arraycopy(next, 0, dst, off, next.length);
      return next.length;
    }

    @Override
    public void write(byte[] src, int off, int len) {
      log.add("write");
      byte[] copy = new byte[len];
      System.arraycopy(src, off, copy, 0, len);
      writes.add(copy);
    }

    @Override
    public String protocol() {
      return null;
    }

    @Override
    public Connection connection() {
      return null;
    }

    @Override
    public void setReadDeadline(Instant deadline) {}

    @Override
    public void setWriteDeadline(Instant deadline) {}

    @Override
    public void closeWrite() {}

    @Override
    public void reset() {}

    @Override
    public void close() {}

    @Override
    public boolean isClosed() {
      return false;
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] HEADER = MultistreamMessages.encode(MultistreamMessages.HEADER);
  private static final byte[] PROPOSAL = MultistreamMessages.encode("/echo/1.0.0");

  private static Stream accept(ScriptedStream raw) throws Exception {
    return ListenerStream.accept(raw, SERVED::contains, () -> SERVED);
  }

  @Test
  void anOptimisticDialersRequestIsReadFirstAndTheAnswersLeaveWithTheResponse() throws Exception {
    ScriptedStream raw = new ScriptedStream(concat(HEADER, PROPOSAL, ascii("request")));

    Stream s = accept(raw);
    byte[] request = new byte[7];
    assertThat(s.read(request, 0, 7)).isEqualTo(7);
    s.write(ascii("response"));

    assertThat(s.protocol()).isEqualTo("/echo/1.0.0");
    assertThat(request).isEqualTo(ascii("request"));
    assertThat(raw.log).containsExactly("read", "write"); // one read, one write
    assertThat(raw.writes.get(0)).isEqualTo(concat(HEADER, PROPOSAL, ascii("response")));
  }

  @Test
  void aDialerThatSentOnlyItsProposalGetsTheAnswersAtOnce() throws Exception {
    ScriptedStream raw = new ScriptedStream(concat(HEADER, PROPOSAL));

    accept(raw);

    assertThat(raw.log).containsExactly("read", "write");
    assertThat(raw.writes.get(0)).isEqualTo(concat(HEADER, PROPOSAL));
  }

  @Test
  void answersLeaveBeforeWaitingForMore() throws Exception {
    ScriptedStream raw = new ScriptedStream(HEADER, PROPOSAL, ascii("x"));

    Stream s = accept(raw);
    assertThat(s.read(new byte[1], 0, 1)).isEqualTo(1);

    // header answered before reading the proposal; the echo before reading the data
    assertThat(raw.log).containsExactly("read", "write", "read", "write", "read");
    assertThat(raw.writes).containsExactly(HEADER, PROPOSAL);
  }

  @Test
  void aRefusalIsSentBeforeAMalformedFollowUpFails() {
    byte[] unknown = MultistreamMessages.encode("/other/1.0.0");
    ScriptedStream raw = new ScriptedStream(concat(HEADER, unknown, new byte[] {3, 1, 2, 3}));

    assertThatThrownBy(() -> accept(raw)).isInstanceOf(MultistreamException.class);
    assertThat(raw.writes)
        .containsExactly(concat(HEADER, MultistreamMessages.encode(MultistreamMessages.NA)));
  }
}
