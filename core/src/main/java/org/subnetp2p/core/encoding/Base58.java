package org.subnetp2p.core.encoding;

/**
 * Base58btc, the Bitcoin alphabet without 0, O, I and l. libp2p prints peer ids in it, and a
 * multibase text with prefix {@code z} carries it.
 */
public final class Base58 {
  private static final BaseX CODEC =
      new BaseX("base58btc", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false);

  private Base58() {}

  /** Encodes {@code data}; each leading zero byte becomes a leading {@code 1}. */
  public static String encode(byte[] data) {
    return CODEC.encode(data);
  }

  /**
   * Decodes base58btc text (case-sensitive, no prefix, no whitespace).
   *
   * @throws EncodingException naming the first character outside the alphabet
   */
  public static byte[] decode(CharSequence text) {
    return CODEC.decode(text);
  }
}
