package org.subnetp2p.core.encoding;

/**
 * RFC 4648 base32 as multibase uses it: alphabet {@code a-z2-7}, printed in lower case and without
 * {@code =} padding.
 *
 * <p>Decoding is case-insensitive, as multibase requires for base32, and strict otherwise: a length
 * no byte count can produce and non-zero bits after the last byte are errors, so each byte string
 * has exactly one text.
 */
public final class Base32 {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private Base32() {}

  /** Encodes {@code data} in lower case without padding. */
  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out.append(ALPHABET[(buffer >>> bits) & 0x1F]);
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
    }
    return out.toString();
  }

  /**
   * Decodes unpadded base32 text in either case.
   *
   * @throws EncodingException on a character outside the alphabet (including {@code =}), a length
   *     that cannot be unpadded base32, or non-zero trailing bits
   */
  public static byte[] decode(CharSequence text) {
    int length = text.length();
    int tail = length % 8;
    if (tail == 1 || tail == 3 || tail == 6) {
      throw new EncodingException("invalid base32 length " + length);
    }
    byte[] out = new byte[length * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < length; i++) {
      buffer = (buffer << 5) | digit(text.charAt(i), i);
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new EncodingException("base32 text has non-zero bits after its last byte");
    }
    return out;
  }

  private static int digit(char c, int index) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= '2' && c <= '7') {
      return c - '2' + 26;
    }
    throw new EncodingException("invalid base32 character '" + c + "' at index " + index);
  }
}
