package org.subnetp2p.core.encoding;

import java.util.Arrays;

/**
 * Big-number radix conversion as base58btc and base36 use it: the bytes are one big-endian number
 * written in the alphabet, and every leading zero byte becomes one leading zero digit (otherwise
 * the number would lose them).
 *
 * <p>Quadratic in the input length, which is fine for keys and hashes; callers that take text from
 * the network bound its length first.
 */
final class BaseX {
  private final String name;
  private final char[] alphabet;
  private final int[] digitOf = new int[128];

  /**
   * @param caseInsensitive whether upper- and lower-case letters decode to the same digit
   */
  BaseX(String name, String alphabet, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.toCharArray();
    Arrays.fill(digitOf, -1);
    for (int i = 0; i < this.alphabet.length; i++) {
      char c = this.alphabet[i];
      digitOf[c] = i;
      if (caseInsensitive) {
        digitOf[Character.toUpperCase(c)] = i;
        digitOf[Character.toLowerCase(c)] = i;
      }
    }
  }

  String encode(byte[] input) {
    int base = alphabet.length;
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    // Digits of the number, least significant first; 8/log2(base) <= 2 digits per byte.
    int[] digits = new int[(input.length - zeros) * 2];
    int size = 0;
    for (int i = zeros; i < input.length; i++) {
      int carry = input[i] & 0xFF;
      for (int j = 0; j < size; j++) {
        carry += digits[j] << 8;
        digits[j] = carry % base;
        carry /= base;
      }
      while (carry > 0) {
        digits[size++] = carry % base;
        carry /= base;
      }
    }
    StringBuilder out = new StringBuilder(zeros + size);
    out.repeat(alphabet[0], zeros);
    for (int j = size - 1; j >= 0; j--) {
      out.append(alphabet[digits[j]]);
    }
    return out.toString();
  }

  byte[] decode(CharSequence text) {
    int base = alphabet.length;
    int zeros = 0;
    while (zeros < text.length() && digit(text, zeros) == 0) {
      zeros++;
    }
    // Bytes of the number, least significant first; log2(base)/8 < 1 byte per digit.
    int[] bytes = new int[text.length() - zeros];
    int size = 0;
    for (int i = zeros; i < text.length(); i++) {
      int carry = digit(text, i);
      for (int j = 0; j < size; j++) {
        carry += bytes[j] * base;
        bytes[j] = carry & 0xFF;
        carry >>>= 8;
      }
      while (carry > 0) {
        bytes[size++] = carry & 0xFF;
        carry >>>= 8;
      }
    }
    byte[] out = new byte[zeros + size];
    for (int j = 0; j < size; j++) {
      out[zeros + j] = (byte) bytes[size - 1 - j];
    }
    return out;
  }

  private int digit(CharSequence text, int index) {
    char c = text.charAt(index);
    int d = c < 128 ? digitOf[c] : -1;
    if (d < 0) {
      throw new EncodingException("invalid " + name + " character '" + c + "' at index " + index);
    }
    return d;
  }
}
