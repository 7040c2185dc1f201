package org.subnetp2p.kademlia.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.UndecodableMessageException;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * Kademlia messages on a stream: an unsigned-varint length, then the protobuf bytes.
 *
 * <p>A message is written with its prefix in a single write, so that it leaves in one frame:
 * py-libp2p's server reads the prefix and then the body in a single read, and takes whatever that
 * read returns as the whole body.
 */
public final class Frames {
  private Frames() {}

  /** The framed bytes of {@code message}: prefix and body in one array. */
  public static byte[] frame(Message message) {
    byte[] body = message.toByteArray();
    byte[] out = new byte[Varint.encodedLength(body.length) + body.length];
    int n = Varint.write(body.length, out, 0);
    System.arraycopy(body, 0, out, n, body.length);
    return out;
  }

  /** Writes {@code message}, prefix and body in one write. */
  public static void write(Stream stream, Message message) throws IOException {
    stream.write(frame(message));
  }

  /**
   * Reads one message, refusing from its length prefix one longer than {@code maxSize}, before any
   * of it is read.
   *
   * @return the message, or {@code null} if the stream ended cleanly before its first byte
   * @throws MessageTooLargeException if the prefix announces more than {@code maxSize} bytes
   * @throws UndecodableMessageException for a malformed prefix, a truncated body or bytes that are
   *     not a message
   */
  public static Message read(Stream stream, int maxSize) throws IOException {
    byte[] one = new byte[1];
    Varint.Decoder prefix = new Varint.Decoder();
    boolean first = true;
    while (true) {
      int n = stream.read(one, 0, 1);
      if (n < 0) {
        if (first) {
          return null;
        }
        throw new UndecodableMessageException("stream ended inside a length prefix");
      }
      if (n == 0) {
        continue;
      }
      first = false;
      try {
        if (prefix.accept(one[0])) {
          break;
        }
      } catch (RuntimeException e) {
        throw new UndecodableMessageException("malformed length prefix", e);
      }
    }
    long length = prefix.value();
    if (length < 0 || length > maxSize) {
      throw new MessageTooLargeException("kad message", length, maxSize);
    }
    byte[] body = new byte[(int) length];
    int read = 0;
    while (read < body.length) {
      int n = stream.read(body, read, body.length - read);
      if (n < 0) {
        throw new UndecodableMessageException(
            "stream ended after " + read + " of " + length + " bytes of a kad message");
      }
      read += n;
    }
    try {
      return Message.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new UndecodableMessageException("not a kad message: " + e.getMessage(), e);
    }
  }
}
