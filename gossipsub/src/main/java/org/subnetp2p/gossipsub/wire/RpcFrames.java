package org.subnetp2p.gossipsub.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.subnetp2p.core.encoding.Varint;

/** RPC framing: each RPC is an unsigned-varint length followed by that many bytes. */
public final class RpcFrames {
  private RpcFrames() {}

  /** A frame whose announced length exceeds the limit; nothing of it was read beyond the length. */
  public static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long length;

    FrameTooLargeException(long length, int max) {
      super("RPC frame of " + length + " bytes exceeds the maximum of " + max + " bytes");
      this.length = length;
    }

    /** The announced length. */
    public long length() {
      return length;
    }
  }

  /**
   * Reads one frame; {@code null} at a clean end of stream (before a length prefix).
   *
   * @throws FrameTooLargeException if the length exceeds {@code max}; the body is not read
   * @throws IOException if the length prefix is not a varint, or the stream ends inside the frame
   */
  public static byte[] read(InputStream in, int max) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    return readAfter(first, in, max);
  }

  /**
   * Reads the rest of a frame whose first byte, {@code first}, was already read (so the caller can
   * wait for a frame without a deadline, then bound the frame itself).
   */
  public static byte[] readAfter(int first, InputStream in, int max) throws IOException {
    long length = first & 0x7F;
    int shift = 7;
    int b = first;
    while ((b & 0x80) != 0) {
      if (shift >= 7 * Varint.MAX_BYTES) {
        throw new IOException("RPC frame length is not a valid varint");
      }
      b = in.read();
      if (b < 0) {
        throw new EOFException("stream ended inside an RPC frame's length");
      }
      if (shift < 63) {
        length |= (long) (b & 0x7F) << shift;
      } else if ((b & 0x7F) != 0) {
        length = Long.MAX_VALUE;
      }
      shift += 7;
      if (length > max) {
        throw new FrameTooLargeException(length, max);
      }
    }
    if (length > max) {
      throw new FrameTooLargeException(length, max);
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new EOFException("stream ended inside an RPC frame");
    }
    return body;
  }

  /** Appends one frame of {@code rpc} to {@code out} at {@code offset}; returns the new offset. */
  public static int write(byte[] rpc, byte[] out, int offset) {
    int o = offset + Varint.write(rpc.length, out, offset);
    System.arraycopy(rpc, 0, out, o, rpc.length);
    return o + rpc.length;
  }

  /** The bytes {@code rpc} takes as a frame. */
  public static int frameLength(byte[] rpc) {
    return Varint.encodedLength(rpc.length) + rpc.length;
  }
}
