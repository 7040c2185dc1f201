package org.subnetp2p.core.identity;

import java.io.ByteArrayOutputStream;
import org.subnetp2p.core.encoding.ByteReader;
import org.subnetp2p.core.encoding.EncodingException;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;

/**
 * The two-field protobuf shared by libp2p's {@code PublicKey} and {@code PrivateKey} messages:
 * {@code Type} (field 1, enum) and {@code Data} (field 2, bytes).
 *
 * <p>Written by hand rather than generated: the spec demands one deterministic encoding (minimal
 * varints, tag order, both fields present, nothing else), which is simplest to guarantee here.
 */
final class KeyProtobuf {
  private static final int TYPE_TAG = 0x08; // field 1, wire type 0 (varint)
  private static final int DATA_TAG = 0x12; // field 2, wire type 2 (length-delimited)

  /** A decoded message; the type stays a bare code so callers can word unknown codes. */
  record Message(int typeCode, byte[] data) {}

  private KeyProtobuf() {}

  static byte[] encode(KeyType type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
    out.write(TYPE_TAG);
    out.writeBytes(Varint.encode(type.code()));
    out.write(DATA_TAG);
    out.writeBytes(Varint.encode(data.length));
    out.writeBytes(data);
    return out.toByteArray();
  }

  /**
   * Decodes a message. Fields may come in either order, as protobuf allows, but each exactly once
   * and no other field.
   *
   * @param message which message this is ("PublicKey" or "PrivateKey"), for error messages
   * @throws InvalidKeyException if the bytes are not such a message
   */
  static Message decode(byte[] bytes, String message) {
    ByteReader reader = new ByteReader(bytes);
    Long typeCode = null;
    byte[] data = null;
    try {
      while (reader.hasRemaining()) {
        int at = reader.position();
        long tag = reader.readVarint("field tag");
        if (tag == TYPE_TAG) {
          if (typeCode != null) {
            throw new InvalidKeyException(bad(message, "Type field repeated at byte " + at));
          }
          typeCode = reader.readVarint("Type");
        } else if (tag == DATA_TAG) {
          if (data != null) {
            throw new InvalidKeyException(bad(message, "Data field repeated at byte " + at));
          }
          data = reader.readBytes(reader.readVarint("Data length", Integer.MAX_VALUE), "Data");
        } else {
          throw new InvalidKeyException(
              bad(
                  message,
                  "unexpected field "
                      + Long.toUnsignedString(tag >>> 3)
                      + " (wire type "
                      + (tag & 7)
                      + ") at byte "
                      + at));
        }
      }
    } catch (VarintException | EncodingException e) {
      throw new InvalidKeyException(bad(message, String.valueOf(e.getMessage())), e);
    }
    if (typeCode == null) {
      throw new InvalidKeyException(bad(message, "no Type field"));
    }
    if (data == null) {
      throw new InvalidKeyException(bad(message, "no Data field"));
    }
    if (typeCode < 0 || typeCode > Integer.MAX_VALUE) {
      throw new InvalidKeyException("unknown key type code " + Long.toUnsignedString(typeCode));
    }
    return new Message(typeCode.intValue(), data);
  }

  private static String bad(String message, String why) {
    return "bad " + message + " protobuf: " + why;
  }
}
