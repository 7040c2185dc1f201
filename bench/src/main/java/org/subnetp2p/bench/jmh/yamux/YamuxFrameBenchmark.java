package org.subnetp2p.bench.jmh.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
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
import org.subnetp2p.transport.yamux.YamuxBenchmarkAccess;

/**
 * Yamux framing: encoding a data frame (header + copy of the payload into a pooled buffer, what
 * every {@code YamuxStream.write} does per frame) and a window update, and decoding a data frame
 * with {@code YamuxFrameDecoder} (payloads under 16 KiB are copied out, larger ones sliced).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class YamuxFrameBenchmark {
  @Param({"64", "16384", "65507"})
  public int payload;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private byte[] data;
  private ByteBuf encoded;
  private EmbeddedChannel channel;
  private YamuxBenchmarkAccess.Decoder decoder;
  private ChannelHandlerContext decoderCtx;
  private final List<Object> out = new ArrayList<>(1);

  @Setup(Level.Trial)
  public void setUp() {
    data = new byte[payload];
    encoded = YamuxBenchmarkAccess.dataFrame(alloc, 3, data, 0, payload);
    decoder = YamuxBenchmarkAccess.decoder(16 * 1024 * 1024);
    channel = new EmbeddedChannel(decoder.handler());
    decoderCtx = channel.pipeline().context(decoder.handler());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoded.release();
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public int encodeData() {
    ByteBuf frame = YamuxBenchmarkAccess.dataFrame(alloc, 3, data, 0, payload);
    int n = frame.readableBytes();
    frame.release();
    return n;
  }

  @Benchmark
  public int encodeWindowUpdate() {
    ByteBuf frame = YamuxBenchmarkAccess.windowUpdate(alloc, 3, payload);
    int n = frame.readableBytes();
    frame.release();
    return n;
  }

  @Benchmark
  public long decodeData() {
    return decoder.decodeAndRelease(decoderCtx, encoded.duplicate(), out);
  }
}
