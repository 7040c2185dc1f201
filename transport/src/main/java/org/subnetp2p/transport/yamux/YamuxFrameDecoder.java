package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the connection's byte stream into {@link YamuxFrame}s. A wrong version, an unknown type or
 * a data frame larger than any window this side grants is a {@link YamuxProtocolException}; after
 * one, the rest of the input is discarded, since frame boundaries can no longer be trusted.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {
  /**
   * Smaller payloads are copied out of the read buffer; larger ones are sliced from it. A slice
   * pins the whole read buffer until the stream's reader consumes it, so a peer sending tiny frames
   * could otherwise make a few bytes of window hold many kilobytes of memory.
   */
  private static final int COPY_BELOW = 16 * 1024;

  private final long maxDataLength;
  private boolean failed;

  /**
   * @param maxDataLength the largest data payload accepted: the largest window this side grants
   */
  YamuxFrameDecoder(long maxDataLength) {
    this.maxDataLength = maxDataLength;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
      return;
    }
    int start = in.readerIndex();
    int version = in.getUnsignedByte(start);
    if (version != YamuxFrame.VERSION) {
      throw fail(in, "unsupported yamux version " + version);
    }
    int typeCode = in.getUnsignedByte(start + 1);
    YamuxFrame.Type type = YamuxFrame.Type.of(typeCode);
    if (type == null) {
      throw fail(in, "unknown yamux frame type " + typeCode);
    }
    int flags = in.getUnsignedShort(start + 2);
    int streamId = in.getInt(start + 4);
    long length = in.getUnsignedInt(start + 8);
    ByteBuf data = null;
    if (type == YamuxFrame.Type.DATA) {
      if (length > maxDataLength) {
        throw fail(
            in,
            "data frame of "
                + length
                + " bytes on stream "
                + Integer.toUnsignedString(streamId)
                + " exceeds the largest window this side grants");
      }
      if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
        return;
      }
      in.skipBytes(YamuxFrame.HEADER_LENGTH);
      int n = (int) length;
      if (n >= COPY_BELOW) {
        data = in.readRetainedSlice(n);
      } else {
        data = ctx.alloc().buffer(n, n);
        data.writeBytes(in, n);
      }
    } else {
      in.skipBytes(YamuxFrame.HEADER_LENGTH);
    }
    out.add(new YamuxFrame(type, flags, streamId, length, data));
  }

  private YamuxProtocolException fail(ByteBuf in, String message) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return new YamuxProtocolException(message);
  }
}
