package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * This package's framing as the {@code bench} module's micro-benchmarks drive it. Not API: the
 * package is not exported, so no module reads this class; {@code bench} runs on the class path. It
 * changes whenever the internals it exposes change.
 */
public final class YamuxBenchmarkAccess {
  private YamuxBenchmarkAccess() {}

  /** A data frame of stream {@code streamId}: header and a copy of the payload. */
  public static ByteBuf dataFrame(
      ByteBufAllocator alloc, int streamId, byte[] src, int offset, int length) {
    return YamuxFrame.data(alloc, streamId, src, offset, length);
  }

  /** A window update of stream {@code streamId} by {@code delta}. */
  public static ByteBuf windowUpdate(ByteBufAllocator alloc, int streamId, int delta) {
    return YamuxFrame.header(alloc, YamuxFrame.Type.WINDOW_UPDATE, 0, streamId, delta);
  }

  /** A frame decoder that accepts data frames up to {@code maxDataLength}. */
  public static Decoder decoder(long maxDataLength) {
    return new Decoder(new YamuxFrameDecoder(maxDataLength));
  }

  /** {@code YamuxFrameDecoder}, called directly rather than through a pipeline. */
  public static final class Decoder {
    private final YamuxFrameDecoder decoder;

    private Decoder(YamuxFrameDecoder decoder) {
      this.decoder = decoder;
    }

    /** The handler, to add to a channel (whose context {@link #decode} then takes). */
    public ChannelHandler handler() {
      return decoder;
    }

    /**
     * Decodes the frame at the start of {@code in} and releases it.
     *
     * @param out an empty scratch list
     * @return the frame's length field
     */
    public long decodeAndRelease(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      decoder.decode(ctx, in, out);
      YamuxFrame frame = (YamuxFrame) out.get(0);
      out.clear();
      long length = frame.length;
      frame.release();
      return length;
    }
  }
}
