package org.subnetp2p.core.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.identity.PublicKey;

/**
 * A payload signed by a peer's key, with the key enclosed, as libp2p RFC 0002 defines it: {@code
 * Envelope{public_key = 1, payload_type = 2, payload = 3, signature = 5}}. The signature covers the
 * domain string, the payload type and the payload, each preceded by its length as an unsigned
 * varint, so a signature made for one purpose (domain) cannot be replayed for another.
 *
 * <p>Obtain one with {@link #seal} (signing) or {@link #open} (parsing and verifying); an envelope
 * object is always verified.
 */
public final class SignedEnvelope {
  /** Envelopes larger than this are refused before parsing. */
  public static final int MAX_SIZE = 64 * 1024;

  private final PublicKey publicKey;
  private final byte[] payloadType;
  private final byte[] payload;
  private final byte[] signature;

  private SignedEnvelope(
      PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
    this.publicKey = publicKey;
    this.payloadType = payloadType;
    this.payload = payload;
    this.signature = signature;
  }

  /** Signs {@code payload} with {@code key} for {@code domain}. */
  public static SignedEnvelope seal(
      PrivateKey key, String domain, byte[] payloadType, byte[] payload) {
    Objects.requireNonNull(key, "key");
    byte[] type = payloadType.clone();
    byte[] body = payload.clone();
    byte[] signature = key.sign(signedBytes(domain, type, body));
    return new SignedEnvelope(key.publicKey(), type, body, signature);
  }

  /**
   * Parses an envelope and verifies its signature for {@code domain} and that its payload type is
   * {@code expectedPayloadType}.
   *
   * @throws InvalidRecordException if the bytes are not an envelope, the key is unreadable, the
   *     payload type differs or the signature does not verify
   */
  public static SignedEnvelope open(byte[] bytes, String domain, byte[] expectedPayloadType)
      throws InvalidRecordException {
    if (bytes.length > MAX_SIZE) {
      throw new InvalidRecordException(
          "signed envelope of " + bytes.length + " bytes exceeds " + MAX_SIZE);
    }
    byte[] keyBytes = null;
    byte[] type = new byte[0];
    byte[] body = new byte[0];
    byte[] signature = null;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      boolean more = true;
      for (int tag = in.readTag(); more && tag != 0; tag = more ? in.readTag() : 0) {
        switch (tag) {
          case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> keyBytes = in.readByteArray();
          case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> type = in.readByteArray();
          case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> body = in.readByteArray();
          case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> signature = in.readByteArray();
          default -> more = in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRecordException("signed envelope is not valid protobuf", e);
    } catch (IOException e) {
      throw new InvalidRecordException("signed envelope is unreadable", e);
    }
    if (keyBytes == null || signature == null) {
      throw new InvalidRecordException("signed envelope lacks its public key or signature");
    }
    PublicKey key;
    try {
      key = Keys.unmarshalPublicKey(keyBytes);
    } catch (RuntimeException e) {
      throw new InvalidRecordException(
          "signed envelope carries an unreadable public key: " + e.getMessage(), e);
    }
    if (!Arrays.equals(type, expectedPayloadType)) {
      throw new InvalidRecordException("signed envelope carries an unexpected payload type");
    }
    if (!key.verify(signedBytes(domain, type, body), signature)) {
      throw new InvalidRecordException("signed envelope's signature does not verify");
    }
    return new SignedEnvelope(key, type, body, signature);
  }

  /** The bytes the signature covers: domain, payload type and payload, each length-prefixed. */
  private static byte[] signedBytes(String domain, byte[] payloadType, byte[] payload) {
    byte[] d = domain.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(d.length + payload.length + 16);
    for (byte[] part : new byte[][] {d, payloadType, payload}) {
      writeVarint(out, part.length);
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  /** The key that signed the payload. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The peer whose key signed the payload. */
  public PeerId signer() {
    return PeerId.fromPublicKey(publicKey);
  }

  /** The payload type, e.g. {@link PeerRecord#PAYLOAD_TYPE}. */
  public byte[] payloadType() {
    return payloadType.clone();
  }

  /** The signed payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The envelope's protobuf encoding, as it travels. */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(payload.length + 160);
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    try {
      out.writeBytes(1, ByteString.copyFrom(publicKey.marshal()));
      out.writeBytes(2, ByteString.copyFrom(payloadType));
      out.writeBytes(3, ByteString.copyFrom(payload));
      out.writeBytes(5, ByteString.copyFrom(signature));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return buffer.toByteArray();
  }
}
