package org.subnetp2p.core.encoding;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints as the multiformats unsigned-varint spec defines them: seven bits per
 * byte, least significant group first, the high bit set on every byte but the last.
 *
 * <p>The spec caps a varint at nine bytes (63 bits); we accept up to ten bytes so that any {@code
 * long} written by a lenient peer still decodes, and refuse an eleventh byte before reading it, so
 * a stream of continuation bits can never make us read forever.
 */
public final class Varint {
  /** The most bytes a varint may take; the next continuation byte is an error. */
  public static final int MAX_BYTES = 10;

  private Varint() {}

  /** Number of bytes {@code value} takes when encoded (value is read as unsigned). */
  public static int encodedLength(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  /** Encodes {@code value} into a new array. */
  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    write(value, out, 0);
    return out;
  }

  /** Writes {@code value} at {@code offset}; returns the number of bytes written. */
  public static int write(long value, byte[] dst, int offset) {
    int i = offset;
    while ((value & ~0x7FL) != 0) {
      dst[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    dst[i++] = (byte) value;
    return i - offset;
  }

  /** Writes {@code value} at the buffer's position, advancing it. */
  public static void write(long value, ByteBuffer dst) {
    while ((value & ~0x7FL) != 0) {
      dst.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    dst.put((byte) value);
  }

  /**
   * Reads a varint from {@code in}, one byte at a time.
   *
   * @throws EOFException if the stream ends before the first byte or inside the varint
   * @throws VarintException if the varint is longer than {@link #MAX_BYTES}
   */
  public static long read(InputStream in) throws IOException {
    Decoder decoder = new Decoder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            decoder.bytesRead() == 0
                ? "end of stream before a varint"
                : "end of stream in a varint");
      }
      if (decoder.accept((byte) b)) {
        return decoder.value();
      }
    }
  }

  /**
   * Decodes a varint at the start of {@code src} from {@code offset}.
   *
   * @return the value, or throws if {@code src} ends inside the varint
   */
  public static long decode(byte[] src, int offset) {
    Decoder decoder = new Decoder();
    for (int i = offset; i < src.length; i++) {
      if (decoder.accept(src[i])) {
        return decoder.value();
      }
    }
    throw new VarintException("input ends inside a varint");
  }

  /**
   * An incremental decoder for input that arrives in pieces: feed bytes until {@link #accept(byte)}
   * answers true.
   */
  public static final class Decoder {
    private long value;
    private int bytesRead;
    private boolean done;

    /** A decoder ready for its first byte. */
    public Decoder() {}

    /**
     * Takes the next byte.
     *
     * @return true when the varint is complete
     * @throws VarintException when the varint runs past {@link #MAX_BYTES} bytes or overflows 64
     *     bits
     */
    public boolean accept(byte b) {
      if (done) {
        throw new IllegalStateException("varint already complete");
      }
      long group = b & 0x7FL;
      if (bytesRead == MAX_BYTES - 1) { // the last byte a varint may have
        if (group > 1) {
          throw new VarintException("varint overflows 64 bits");
        }
        if ((b & 0x80) != 0) { // refused now, so a reader never takes an eleventh byte
          throw new VarintException("varint longer than " + MAX_BYTES + " bytes");
        }
      }
      value |= group << (7 * bytesRead);
      bytesRead++;
      if ((b & 0x80) == 0) {
        done = true;
      }
      return done;
    }

    /** The decoded value; valid once {@link #accept(byte)} returned true. */
    public long value() {
      if (!done) {
        throw new IllegalStateException("varint not complete");
      }
      return value;
    }

    /** Bytes taken so far. */
    public int bytesRead() {
      return bytesRead;
    }

    /** Whether the varint is complete. */
    public boolean isDone() {
      return done;
    }

    /** Makes the decoder ready for the next varint. */
    public void reset() {
      value = 0;
      bytesRead = 0;
      done = false;
    }
  }
}
