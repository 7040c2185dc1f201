package org.subnetp2p.transport.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.core.testing.BytesConnection;
import org.subnetp2p.core.testing.BytesStream;
import org.subnetp2p.transport.testing.CountedBuffers;

/**
 * multistream-select against a remote that sends any bytes, on every implementation this side has:
 * the listener and dialer over a muxed stream (blocking, and the listener that reads in chunks) and
 * the connection-level handler on a pipeline. Each fails only with {@link MultistreamException} (or
 * {@link ProtocolNotSupportedException} for a dialer refused everything), agrees only on a protocol
 * it offered or serves, allocates no more than the input warrants, and on a pipeline releases every
 * buffer. A line the encoder frames reads back as itself.
 *
 * <p>Input: byte 0 picks the side (modulo 5), byte 1 the size of each read (1-256), the rest is
 * what the remote sends.
 */
class MultistreamFuzzTest {
  private static final List<String> SERVED =
      List.of("/noise", "/yamux/1.0.0", "/pos-transport/1.0.0");
  private static final List<String> PROPOSED = List.of("/noise", "/pos-transport/1.0.0");

  @FuzzTest
  void negotiate(byte[] input) throws Exception {
    int mode = input.length > 0 ? (input[0] & 0xFF) % 5 : 0;
    int piece = input.length > 1 ? (input[1] & 0xFF) + 1 : 1;
    byte[] wire = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    long bound = Allocations.SLACK + 64L * wire.length;

    switch (mode) {
      case 0 -> {
        String agreed = Allocations.atMost(bound, () -> listen(wire, piece));
        assertThat(agreed == null || SERVED.contains(agreed)).isTrue();
      }
      case 1 -> {
        byte[] rest = Allocations.atMost(bound, () -> listenBuffered(wire, piece));
        if (rest != null) { // what the handler reads is what followed the negotiation, unchanged
          assertThat(Arrays.copyOfRange(wire, wire.length - rest.length, wire.length))
              .isEqualTo(rest);
        }
      }
      case 2 -> {
        String agreed = Allocations.atMost(bound, () -> dial(wire, piece));
        assertThat(agreed == null || PROPOSED.contains(agreed)).isTrue();
      }
      default -> onPipeline(mode == 3, wire, piece);
    }

    // The framing round trip, on a line taken from the input.
    String line = new String(wire, 0, Math.min(wire.length, 300), StandardCharsets.UTF_8);
    assertThat(StreamNegotiator.read(BytesStream.of(MultistreamMessages.encode(line))))
        .isEqualTo(line);
  }

  private static BytesStream remote(byte[] wire, int piece) {
    return new BytesStream("", BytesConnection.anonymous(), wire, piece);
  }

  private static String listen(byte[] wire, int piece) throws IOException {
    try {
      return StreamNegotiator.accept(remote(wire, piece), SERVED::contains, () -> SERVED);
    } catch (MultistreamException refused) {
      return null;
    }
  }

  private static byte[] listenBuffered(byte[] wire, int piece) throws IOException {
    Stream stream;
    try {
      stream = StreamNegotiator.acceptBuffered(remote(wire, piece), SERVED::contains, () -> SERVED);
    } catch (MultistreamException refused) {
      return null;
    }
    assertThat(SERVED).contains(stream.protocol());
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    byte[] buffer = new byte[97];
    for (int n; (n = stream.read(buffer, 0, buffer.length)) >= 0; ) {
      rest.write(buffer, 0, n);
    }
    return rest.toByteArray();
  }

  private static String dial(byte[] wire, int piece) throws IOException {
    try {
      return StreamNegotiator.select(remote(wire, piece), PROPOSED);
    } catch (MultistreamException | ProtocolNotSupportedException refused) {
      return null;
    }
  }

  private static void onPipeline(boolean listener, byte[] wire, int piece) {
    CountedBuffers buffers = new CountedBuffers();
    MultistreamHandler handler =
        listener
            ? MultistreamHandler.listener(SERVED, (ctx, protocol) -> {})
            : MultistreamHandler.dialer(PROPOSED, (ctx, protocol) -> {});
    EmbeddedChannel channel = buffers.channel(handler);
    for (int at = 0; at < wire.length && channel.isOpen(); at += piece) {
      channel.writeInbound(buffers.copyOf(wire, at, Math.min(wire.length, at + piece)));
    }
    channel.checkException(); // the handler reports its failures through its result, not up
    CompletableFuture<String> result = handler.result();
    if (result.isDone() && !result.isCompletedExceptionally()) {
      assertThat(listener ? SERVED : PROPOSED).contains(result.join());
    } else if (result.isCompletedExceptionally()) {
      Throwable cause = result.handle((value, error) -> error).join();
      assertThat(cause)
          .isInstanceOfAny(MultistreamException.class, ProtocolNotSupportedException.class);
      assertThat(channel.isOpen()).isFalse();
    }
    CountedBuffers.drainOutbound(channel);
    channel.finishAndReleaseAll();
    assertThat(buffers.outstanding()).as("bytes of buffers not released").isZero();
  }
}
