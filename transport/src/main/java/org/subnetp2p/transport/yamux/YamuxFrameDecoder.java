package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the connection's byte stream into {@link YamuxFrame}s. A wrong version, an unknown type or
 * a data frame larger than any window this side grants is a {@link YamuxProtocolException}; after
 * one, the rest of the input is discarded, since frame boundaries can no longer be trusted.
 *
 * <p>A data frame is judged by its header, before its payload is buffered: the {@link Admission}
 * (the session) rejects one larger than its stream's remaining window, and has the payload of one
 * for a stream that no longer exists skipped as it arrives, never held.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {
  /** What to do with the payload of a data frame, decided from its header. */
  enum Verdict {
    /** Buffer the whole frame and pass it on. */
    ACCEPT,
    /** Drop the payload as it arrives; pass nothing on. */
    DISCARD
  }

  /** Judges data frames by their header; runs on the event loop, in frame order. */
  @FunctionalInterface
  interface Admission {
    /**
     * @throws YamuxProtocolException if the frame breaks the protocol, e.g. exceeds its window
     */
    Verdict admit(int streamId, int flags, long length);
  }

  /**
   * Smaller payloads are copied out of the read buffer; larger ones are sliced from it. A slice
   * pins the whole read buffer until the stream's reader consumes it, so a peer sending tiny frames
   * could otherwise make a few bytes of window hold many kilobytes of memory.
   */
  private static final int COPY_BELOW = 16 * 1024;

  private final long maxDataLength;
  private final Admission admission;
  private boolean failed;
  private long skipping; // payload bytes of a discarded frame still to drop

  /** A decoder that accepts every data frame within {@code maxDataLength}, for tests. */
  YamuxFrameDecoder(long maxDataLength) {
    this(maxDataLength, (id, flags, length) -> Verdict.ACCEPT);
  }

  /**
   * @param maxDataLength the largest data payload accepted: the largest window this side grants
   * @param admission judges each data frame by its header
   */
  YamuxFrameDecoder(long maxDataLength, Admission admission) {
    this.maxDataLength = maxDataLength;
    this.admission = admission;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (skipping > 0) {
      int k = (int) Math.min(skipping, in.readableBytes());
      in.skipBytes(k);
      skipping -= k;
      if (skipping > 0) {
        return;
      }
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
      Verdict verdict;
      try {
        verdict = admission.admit(streamId, flags, length);
      } catch (YamuxProtocolException e) {
        throw fail(in, e.getMessage());
      }
      if (verdict == Verdict.DISCARD) {
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        int k = (int) Math.min(length, in.readableBytes());
        in.skipBytes(k);
        skipping = length - k;
        return;
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
