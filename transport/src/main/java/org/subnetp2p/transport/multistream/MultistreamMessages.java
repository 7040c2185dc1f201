package org.subnetp2p.transport.multistream;

import java.nio.charset.StandardCharsets;
import org.subnetp2p.core.encoding.Varint;

/**
 * The multistream-select 1.0 message format: an unsigned-varint length, then the message bytes
 * ending in a newline that the length counts.
 */
public final class MultistreamMessages {
  /** The protocol's own id, exchanged first by both sides. */
  public static final String HEADER = "/multistream/1.0.0";

  /** "Not available": the answer to a protocol the listener does not serve. */
  public static final String NA = "na";

  /** Asks the listener for its protocols. */
  public static final String LS = "ls";

  /**
   * The longest message accepted, newline included. Protocol ids are short; a peer announcing more
   * is broken or hostile, and we refuse before buffering it.
   */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private MultistreamMessages() {}

  /** {@code line} framed for the wire. */
  public static byte[] encode(String line) {
    byte[] text = (line + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[Varint.encodedLength(text.length) + text.length];
    int n = Varint.write(text.length, out, 0);
    System.arraycopy(text, 0, out, n, text.length);
    return out;
  }

  /** Several messages framed back to back, to send in one packet. */
  public static byte[] encode(String... lines) {
    byte[][] parts = new byte[lines.length][];
    int total = 0;
    for (int i = 0; i < lines.length; i++) {
      parts[i] = encode(lines[i]);
      total += parts[i].length;
    }
    byte[] out = new byte[total];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  /** Fails unless {@code message} is the multistream header. */
  static void requireHeader(String message) throws MultistreamException {
    if (!HEADER.equals(message)) {
      throw new MultistreamException(
          "remote does not speak " + HEADER + ": it sent \"" + message + "\"");
    }
  }

  /**
   * Fails when a length prefix announces more than {@link #MAX_MESSAGE_LENGTH}. The prefix is an
   * unsigned varint of up to 64 bits: one of 2<sup>63</sup> or more arrives as a negative long.
   */
  static void requireAcceptableLength(long length) throws MultistreamException {
    if (length < 0 || length > MAX_MESSAGE_LENGTH) {
      throw new MultistreamException(
          "multistream message of "
              + Long.toUnsignedString(length)
              + " bytes exceeds "
              + MAX_MESSAGE_LENGTH);
    }
  }

  /**
   * The text of a message body (length prefix removed), without its trailing newline.
   *
   * @throws MultistreamException if the body does not end in a newline
   */
  public static String decodeBody(byte[] body) throws MultistreamException {
    if (body.length == 0 || body[body.length - 1] != '\n') {
      throw new MultistreamException("multistream message does not end in a newline");
    }
    return new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
  }
}
