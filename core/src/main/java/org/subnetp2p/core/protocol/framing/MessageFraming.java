package org.subnetp2p.core.protocol.framing;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.UndecodableMessageException;

/**
 * The template's wire format: each message is an unsigned-varint length followed by that many
 * protobuf bytes, as the Python subnet template writes them.
 *
 * <p>Not API: public for the template (in {@code org.subnetp2p.core.protocol}) and for {@code
 * bench}'s framing benchmark (on the class path), in a package the module does not export.
 */
public final class MessageFraming {
  private MessageFraming() {}

  /** The framed bytes of {@code message}, refused locally when larger than {@code max}. */
  public static byte[] frame(MessageLite message, int max, String what)
      throws MessageTooLargeException {
    int size = message.getSerializedSize();
    if (size > max) {
      throw new MessageTooLargeException(what, size, max);
    }
    byte[] out = new byte[Varint.encodedLength(size) + size];
    int prefix = Varint.write(size, out, 0);
    try {
      message.writeTo(CodedOutputStream.newInstance(out, prefix, size));
    } catch (IOException e) {
      throw new IllegalStateException("serializing into an array cannot fail", e);
    }
    return out;
  }

  /**
   * Reads one framed message body, whatever the fragmentation. The length is checked against {@code
   * max} before anything is allocated.
   *
   * @return the body, or {@code null} if the stream ended cleanly before the first byte
   */
  public static byte @Nullable [] read(Stream stream, int max, String what) throws IOException {
    long length = readLength(stream, max, what);
    if (length < 0) {
      return null;
    }
    byte[] body = new byte[(int) length];
    int filled = 0;
    while (filled < body.length) {
      int n = stream.read(body, filled, body.length - filled);
      if (n < 0) {
        throw new UndecodableMessageException(
            what + " truncated: stream ended after " + filled + " of " + length + " bytes");
      }
      filled += n;
    }
    return body;
  }

  private static long readLength(Stream stream, int max, String what) throws IOException {
    Varint.Decoder decoder = new Varint.Decoder();
    byte[] one = new byte[1];
    while (true) {
      int n = stream.read(one, 0, 1);
      if (n < 0) {
        if (decoder.bytesRead() == 0) {
          return -1;
        }
        throw new UndecodableMessageException(what + " truncated inside its length prefix");
      }
      if (n == 0) {
        continue;
      }
      try {
        if (decoder.accept(one[0])) {
          break;
        }
      } catch (VarintException e) {
        throw new UndecodableMessageException(
            what + " has a malformed length prefix: " + e.getMessage(), e);
      }
    }
    long length = decoder.value();
    if (length < 0 || length > max) {
      throw new MessageTooLargeException(what, length < 0 ? Long.MAX_VALUE : length, max);
    }
    return length;
  }
}
