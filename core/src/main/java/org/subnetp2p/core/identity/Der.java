package org.subnetp2p.core.identity;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The little DER that key files and secp256k1 signatures need: a strict reader (definite, minimal
 * lengths; minimal integers) and a writer for wrapping keys into the containers the JDK reads.
 */
final class Der {
  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  private Der() {}

  /** The tag of the {@code [n]} explicit context-specific field. */
  static int contextTag(int n) {
    return 0xA0 | n;
  }

  /** One TLV: {@code tag}, then the length, then the concatenated {@code contents}. */
  static byte[] encode(int tag, byte[]... contents) {
    int length = 0;
    for (byte[] c : contents) {
      length += c.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      int n = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | n);
      for (int i = n - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    for (byte[] c : contents) {
      out.writeBytes(c);
    }
    return out.toByteArray();
  }

  /** A cursor over consecutive TLVs. Every error is an {@link InvalidKeyException}. */
  static final class Reader {
    private final byte[] data;
    private int position;
    private final int end;

    Reader(byte[] data) {
      this(data, 0, data.length);
    }

    private Reader(byte[] data, int from, int to) {
      this.data = data;
      this.position = from;
      this.end = to;
    }

    boolean hasMore() {
      return position < end;
    }

    /** The next tag, without consuming it. */
    int peekTag() {
      if (!hasMore()) {
        throw new InvalidKeyException("DER ends where another field was expected");
      }
      return data[position] & 0xFF;
    }

    /** Reads a TLV with {@code tag} and returns its contents. */
    byte[] read(int tag) {
      int contentStart = enter(tag);
      byte[] out = new byte[position - contentStart];
      System.arraycopy(data, contentStart, out, 0, out.length);
      return out;
    }

    /** Reads a constructed TLV with {@code tag} and returns a reader over its contents. */
    Reader readConstructed(int tag) {
      int contentStart = enter(tag);
      return new Reader(data, contentStart, position);
    }

    /** Reads a minimally encoded INTEGER. */
    BigInteger readInteger() {
      byte[] content = read(INTEGER);
      if (content.length == 0) {
        throw new InvalidKeyException("empty DER INTEGER");
      }
      if (content.length > 1
          && ((content[0] == 0 && content[1] >= 0) || (content[0] == -1 && content[1] < 0))) {
        throw new InvalidKeyException("DER INTEGER has redundant leading bytes");
      }
      return new BigInteger(content);
    }

    /** Fails unless every byte has been read. */
    void expectEnd() {
      if (hasMore()) {
        throw new InvalidKeyException("unexpected bytes after the end of a DER value");
      }
    }

    /** Consumes tag and length, checks the contents fit, skips them; returns where they start. */
    private int enter(int tag) {
      int actual = peekTag();
      if (actual != tag) {
        throw new InvalidKeyException(
            String.format("DER tag 0x%02x where 0x%02x was expected", actual, tag));
      }
      position++;
      int length = readLength();
      if (length > end - position) {
        throw new InvalidKeyException("DER length " + length + " runs past the end");
      }
      int start = position;
      position += length;
      return start;
    }

    private int readLength() {
      if (!hasMore()) {
        throw new InvalidKeyException("DER ends inside a length");
      }
      int first = data[position++] & 0xFF;
      if (first < 0x80) {
        return first;
      }
      int n = first & 0x7F;
      if (n == 0 || n > 3) {
        throw new InvalidKeyException(
            "unsupported DER length form 0x" + Integer.toHexString(first));
      }
      if (n > end - position) {
        throw new InvalidKeyException("DER ends inside a length");
      }
      int length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (data[position++] & 0xFF);
      }
      if (length < 0x80 || length < (1 << (8 * (n - 1)))) {
        throw new InvalidKeyException("non-minimal DER length");
      }
      return length;
    }
  }
}
