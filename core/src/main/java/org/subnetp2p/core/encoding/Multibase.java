package org.subnetp2p.core.encoding;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Multibase texts: one prefix character naming the base, then the data in that base. Only the bases
 * libp2p peer ids meet are supported; {@link #decode} names any other prefix it sees.
 */
public final class Multibase {
  private static final BaseX BASE36 =
      new BaseX("base36", "0123456789abcdefghijklmnopqrstuvwxyz", true);

  /** A supported base and its prefix character. */
  public enum Base {
    /** Hexadecimal, lower case ({@code f}). */
    BASE16('f'),
    /** Hexadecimal, upper case ({@code F}). */
    BASE16_UPPER('F'),
    /** RFC 4648 base32 without padding, lower case ({@code b}); the default for CIDs. */
    BASE32('b'),
    /** RFC 4648 base32 without padding, upper case ({@code B}). */
    BASE32_UPPER('B'),
    /** Base36, lower case ({@code k}). */
    BASE36('k'),
    /** Base36, upper case ({@code K}). */
    BASE36_UPPER('K'),
    /** Base58 with the Bitcoin alphabet ({@code z}). */
    BASE58_BTC('z');

    private final char prefix;

    Base(char prefix) {
      this.prefix = prefix;
    }

    /** The character that starts a text in this base. */
    public char prefix() {
      return prefix;
    }

    /**
     * The base a prefix character names.
     *
     * @throws EncodingException if the prefix is not one of the supported bases
     */
    public static Base forPrefix(char prefix) {
      for (Base base : values()) {
        if (base.prefix == prefix) {
          return base;
        }
      }
      throw new EncodingException("unsupported multibase prefix '" + prefix + "'");
    }
  }

  private Multibase() {}

  /** Encodes {@code data} in {@code base}, prefix included. */
  public static String encode(Base base, byte[] data) {
    String body =
        switch (base) {
          case BASE16 -> HexFormat.of().formatHex(data);
          case BASE16_UPPER -> HexFormat.of().withUpperCase().formatHex(data);
          case BASE32 -> Base32.encode(data);
          case BASE32_UPPER -> Base32.encode(data).toUpperCase(Locale.ROOT);
          case BASE36 -> BASE36.encode(data);
          case BASE36_UPPER -> BASE36.encode(data).toUpperCase(Locale.ROOT);
          case BASE58_BTC -> Base58.encode(data);
        };
    return base.prefix + body;
  }

  /** The base {@code text} is written in, from its prefix. */
  public static Base baseOf(CharSequence text) {
    if (text.isEmpty()) {
      throw new EncodingException("empty multibase text");
    }
    return Base.forPrefix(text.charAt(0));
  }

  /**
   * Decodes a multibase text. Base16, base32 and base36 are case-insensitive, as multibase
   * requires; the prefix's case does not constrain the body's.
   *
   * @throws EncodingException if the prefix is unsupported or the body is not valid in its base
   */
  public static byte[] decode(CharSequence text) {
    Base base = baseOf(text);
    CharSequence body = text.subSequence(1, text.length());
    return switch (base) {
      case BASE16, BASE16_UPPER -> decodeHex(body);
      case BASE32, BASE32_UPPER -> Base32.decode(body);
      case BASE36, BASE36_UPPER -> BASE36.decode(body);
      case BASE58_BTC -> Base58.decode(body);
    };
  }

  private static byte[] decodeHex(CharSequence body) {
    if (body.length() % 2 != 0) {
      throw new EncodingException("base16 text has an odd number of digits");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        throw new EncodingException("invalid base16 character '" + c + "' at index " + i);
      }
    }
    return HexFormat.of().parseHex(body);
  }
}
