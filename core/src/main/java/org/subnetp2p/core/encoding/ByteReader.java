package org.subnetp2p.core.encoding;

/**
 * Reads the self-delimiting binary formats of multiformats (multiaddr, multihash, CID) and small
 * protobuf messages from a byte array: strict unsigned varints and length-checked slices.
 *
 * <p>Varints must be minimal, as the unsigned-varint spec demands: a padded varint would give one
 * value two encodings, and values compared by their bytes would then disagree.
 */
public final class ByteReader {
  private final byte[] data;
  private int position;

  /** A reader at the start of {@code data}, which it does not copy. */
  public ByteReader(byte[] data) {
    this.data = data;
  }

  /** The index of the next byte to read. */
  public int position() {
    return position;
  }

  /** The number of bytes not read yet. */
  public int remaining() {
    return data.length - position;
  }

  /** Whether any byte is left. */
  public boolean hasRemaining() {
    return position < data.length;
  }

  /**
   * Reads a minimally encoded unsigned varint.
   *
   * @param what what the varint is, for the error message
   * @throws VarintException if the input ends inside the varint, or it is too long or not minimal
   */
  public long readVarint(String what) {
    int start = position;
    Varint.Decoder decoder = new Varint.Decoder();
    while (true) {
      if (position == data.length) {
        throw new VarintException("input ends inside the " + what + " varint at byte " + start);
      }
      boolean done;
      try {
        done = decoder.accept(data[position++]);
      } catch (VarintException e) {
        throw new VarintException(e.getMessage() + ": the " + what + " at byte " + start);
      }
      if (done) {
        if (Varint.encodedLength(decoder.value()) != decoder.bytesRead()) {
          throw new VarintException("non-minimal " + what + " varint at byte " + start);
        }
        return decoder.value();
      }
    }
  }

  /**
   * Reads a varint that must be at most {@code max}, such as a length or a code kept in an int.
   *
   * @throws VarintException if the varint is invalid or larger than {@code max}
   */
  public int readVarint(String what, int max) {
    int start = position;
    long value = readVarint(what);
    if (value < 0 || value > max) {
      throw new VarintException(
          what + " " + Long.toUnsignedString(value) + " at byte " + start + " exceeds " + max);
    }
    return (int) value;
  }

  /**
   * Reads the next {@code n} bytes.
   *
   * @throws EncodingException if fewer than {@code n} bytes are left
   */
  public byte[] readBytes(int n, String what) {
    if (n < 0 || n > remaining()) {
      throw new EncodingException(
          "truncated "
              + what
              + " at byte "
              + position
              + ": needs "
              + n
              + " bytes, "
              + remaining()
              + " left");
    }
    byte[] out = new byte[n];
    System.arraycopy(data, position, out, 0, n);
    position += n;
    return out;
  }

  /** Reads all bytes left. */
  public byte[] readRemaining() {
    return readBytes(remaining(), "rest");
  }
}
