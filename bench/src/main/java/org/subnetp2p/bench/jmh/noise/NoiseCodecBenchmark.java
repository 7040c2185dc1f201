package org.subnetp2p.bench.jmh.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.subnetp2p.transport.noise.NoiseBenchmarkAccess;

/**
 * Writes and reads through {@code NoiseSecureCodec} on a channel (pooled direct buffers, as on a
 * real connection): the handler's allocation, framing and copies on top of {@code CipherState}.
 * {@code size} is the plaintext of one write or one inbound frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NoiseCodecBenchmark {
  @Param({"65519", "100"})
  public int size;

  private EmbeddedChannel channel;
  private NoiseBenchmarkAccess.Cipher receiver;
  private ByteBuf plaintext;
  private ByteBuf frame; // 2-byte length + ciphertext under nonce 0

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] key = new byte[NoiseBenchmarkAccess.KEY_LENGTH];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    receiver = NoiseBenchmarkAccess.cipher(key);
    channel =
        new EmbeddedChannel(
            NoiseBenchmarkAccess.secureCodec(NoiseBenchmarkAccess.cipher(key), receiver));
    plaintext = PooledByteBufAllocator.DEFAULT.directBuffer(size);
    for (int i = 0; i < size; i++) {
      plaintext.writeByte(i);
    }
    byte[] sealed = NoiseBenchmarkAccess.cipher(key).encryptWithAd(new byte[0], readAll(plaintext));
    frame = PooledByteBufAllocator.DEFAULT.directBuffer(2 + sealed.length);
    frame.writeShort(sealed.length).writeBytes(sealed);
  }

  private static byte[] readAll(ByteBuf buf) {
    byte[] out = new byte[buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), out);
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    channel.finishAndReleaseAll();
    plaintext.release();
    frame.release();
  }

  /** One write: allocation of the frame buffer, length prefix, encryption. */
  @Benchmark
  public int write() {
    channel.writeOutbound(plaintext.retainedDuplicate());
    ByteBuf out = channel.readOutbound();
    int n = out.readableBytes();
    out.release();
    return n;
  }

  /** One inbound frame: allocation of the plaintext buffer, decryption, passing it on. */
  @Benchmark
  public int read() {
    receiver.setNonce(0);
    channel.writeInbound(frame.retainedDuplicate());
    ByteBuf in = channel.readInbound();
    int n = in.readableBytes();
    in.release();
    return n;
  }
}
