package org.subnetp2p.transport.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One decoded Yamux frame: the 12-byte header and, for a data frame, its payload. Also writes
 * frames: each outbound frame is one buffer holding header and payload, so that a frame reaches the
 * secure channel below as one message.
 *
 * <p>A frame with a payload owns it: whoever handles the frame releases it.
 */
final class YamuxFrame {
  static final int HEADER_LENGTH = 12;
  static final int VERSION = 0;

  static final int FLAG_SYN = 0x1;
  static final int FLAG_ACK = 0x2;
  static final int FLAG_FIN = 0x4;
  static final int FLAG_RST = 0x8;

  static final int GO_AWAY_NORMAL = 0x0;
  static final int GO_AWAY_PROTOCOL_ERROR = 0x1;
  static final int GO_AWAY_INTERNAL_ERROR = 0x2;

  /** The window both sides assume for every new stream. */
  static final int DEFAULT_WINDOW = 256 * 1024;

  /** The frame types, by their wire code. */
  enum Type {
    DATA,
    WINDOW_UPDATE,
    PING,
    GO_AWAY;

    private static final Type[] BY_CODE = values();

    int code() {
      return ordinal();
    }

    /** The type with wire code {@code code}, or {@code null} if there is none. */
    static Type of(int code) {
      return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
  }

  final Type type;
  final int flags;

  /** Unsigned 32-bit stream id; 0 is the session. */
  final int streamId;

  /**
   * Unsigned 32-bit length field: payload size (data), window delta (window update), opaque value
   * (ping) or error code (go away).
   */
  final long length;

  /** The payload of a data frame, {@code null} for the other types. */
  final ByteBuf data;

  YamuxFrame(Type type, int flags, int streamId, long length, ByteBuf data) {
    this.type = type;
    this.flags = flags;
    this.streamId = streamId;
    this.length = length;
    this.data = data;
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Releases the payload, if any. */
  void release() {
    if (data != null) {
      data.release();
    }
  }

  /** A frame without payload: window update, ping, go away, or an empty data frame with flags. */
  static ByteBuf header(ByteBufAllocator alloc, Type type, int flags, int streamId, long length) {
    ByteBuf out = alloc.ioBuffer(HEADER_LENGTH, HEADER_LENGTH);
    writeHeader(out, type, flags, streamId, length);
    return out;
  }

  /** A data frame carrying {@code len} bytes of {@code src} from {@code off}. */
  static ByteBuf data(ByteBufAllocator alloc, int streamId, byte[] src, int off, int len) {
    ByteBuf out = alloc.ioBuffer(HEADER_LENGTH + len, HEADER_LENGTH + len);
    writeHeader(out, Type.DATA, 0, streamId, len);
    out.writeBytes(src, off, len);
    return out;
  }

  private static void writeHeader(ByteBuf out, Type type, int flags, int streamId, long length) {
    out.writeByte(VERSION);
    out.writeByte(type.code());
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }

  @Override
  public String toString() {
    return type
        + "(stream="
        + Integer.toUnsignedString(streamId)
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", length="
        + length
        + ")";
  }
}
