package org.subnetp2p.gossipsub.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.testing.Allocations;
import org.subnetp2p.gossipsub.pb.RPC;

/**
 * The pubsub stream's decoder, as {@code PeerStreams} reads it (a varint-framed RPC, then the
 * protobuf), on any bytes: a frame over the limit is refused from its length alone, a cut-short
 * frame or a bad length ends in an {@link IOException}; an RPC that parses re-encodes to no more
 * bytes than it came in; and what is allocated is bounded by the input, never by an announced
 * length.
 *
 * <p>Input: byte 0 picks the limit (a power of two from 16 B to 4 MiB), the rest is the stream.
 */
class RpcFramesFuzzTest {
  @FuzzTest
  void read(byte[] input) throws Exception {
    int max = 16 << (input.length > 0 ? (input[0] & 0xFF) % 19 : 0);
    byte[] wire = input.length > 1 ? Arrays.copyOfRange(input, 1, input.length) : new byte[0];
    int offset = 0;
    int frames = 0;
    long bodies = 0;
    while (true) {
      int at = offset;
      int before = wire.length - at;
      record Read(byte[] frame, int consumed) {}
      Read read;
      try {
        // repeatable (Allocations may run it twice): a fresh stream over the rest of the input
        read =
            Allocations.atMost(
                Allocations.SLACK + 2L * before,
                () -> {
                  ByteArrayInputStream in = new ByteArrayInputStream(wire, at, before);
                  byte[] frame = RpcFrames.read(in, max);
                  return new Read(frame, before - in.available());
                });
      } catch (RpcFrames.FrameTooLargeException e) {
        assertThat(e.length()).isGreaterThan(max);
        break;
      } catch (IOException e) {
        // documented: a length that is not a varint, or a stream cut inside a frame
        break;
      }
      byte[] frame = read.frame();
      if (frame == null) {
        assertThat(before).isZero();
        break;
      }
      frames++;
      bodies += frame.length;
      offset += read.consumed();
      assertThat(frame.length).isLessThanOrEqualTo(max);
      // the length may come non-minimal (0x80 0x00 is a zero), as protobuf's readers take it too
      assertThat(read.consumed() - frame.length).isBetween(1, Varint.MAX_BYTES);
      try {
        RPC rpc = RPC.parseFrom(frame);
        assertThat(rpc.getSerializedSize()).isLessThanOrEqualTo(frame.length);
        byte[] again = new byte[RpcFrames.frameLength(rpc.toByteArray())];
        RpcFrames.write(rpc.toByteArray(), again, 0);
        assertThat(RpcFrames.read(new ByteArrayInputStream(again), max))
            .isEqualTo(rpc.toByteArray());
      } catch (InvalidProtocolBufferException notAnRpc) {
        // documented: the stream's reader penalises the peer and goes on
      }
    }
    assertThat(bodies + frames).isLessThanOrEqualTo(wire.length);
  }
}
