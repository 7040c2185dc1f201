package org.subnetp2p.gossipsub.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.identity.PublicKey;
import org.subnetp2p.gossipsub.SignaturePolicy;
import org.subnetp2p.gossipsub.pb.Message;

/**
 * Message signatures as the pubsub spec defines them: the signature covers {@code "libp2p-pubsub:"}
 * followed by the encoded message without its {@code signature} and {@code key} fields; {@code key}
 * travels only when the author's peer id does not inline its public key.
 */
public final class MessageSigning {
  private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
  private static final int SIGNATURE_FIELD = 5;
  private static final int KEY_FIELD = 6;

  /** Why a received message fails the signature policy; {@link #OK} when it passes. */
  public enum Verdict {
    /** Passes. */
    OK,
    /** A signature is required but absent (or only partly present). */
    UNSIGNED,
    /** Signing fields are present where the policy forbids them. */
    UNEXPECTED_SIGNATURE,
    /** The author is not a valid peer id. */
    BAD_AUTHOR,
    /** The key is unreadable, or is not the author's. */
    BAD_KEY,
    /** The signature does not verify: forged content or a forged author. */
    BAD_SIGNATURE
  }

  private MessageSigning() {}

  /** Signs {@code unsigned} (author and seqno already set) with {@code key}. */
  public static Message sign(Message unsigned, PrivateKey key) {
    byte[] signature = key.sign(signedBytes(unsigned.toByteString()));
    Message.Builder b = unsigned.toBuilder().setSignature(ByteString.copyFrom(signature));
    PeerId author = PeerId.fromPublicKey(key.publicKey());
    if (author.publicKey().isEmpty()) {
      b.setKey(ByteString.copyFrom(key.publicKey().marshal()));
    }
    return b.build();
  }

  /** Checks {@code message} against {@code policy}: fields present or absent, signature valid. */
  public static Verdict verify(Message message, SignaturePolicy policy) {
    boolean signed = message.hasSignature();
    if (!signed) {
      if (policy.strict() && policy.signs()) {
        return Verdict.UNSIGNED;
      }
      if (policy.strict() && (message.hasFrom() || message.hasSeqno() || message.hasKey())) {
        return Verdict.UNEXPECTED_SIGNATURE;
      }
      return Verdict.OK;
    }
    if (policy.strict() && !policy.signs()) {
      return Verdict.UNEXPECTED_SIGNATURE;
    }
    if (!message.hasFrom() || !message.hasSeqno()) {
      return Verdict.UNSIGNED;
    }
    PeerId author;
    try {
      author = Authors.of(message.getFrom());
    } catch (RuntimeException e) {
      return Verdict.BAD_AUTHOR;
    }
    PublicKey key;
    if (message.hasKey()) {
      try {
        key = Keys.unmarshalPublicKey(message.getKey().toByteArray());
      } catch (RuntimeException e) {
        return Verdict.BAD_KEY;
      }
      if (!author.matches(key)) {
        return Verdict.BAD_KEY;
      }
    } else if (author.publicKey().isPresent()) {
      key = author.publicKey().get();
    } else {
      return Verdict.BAD_KEY;
    }
    boolean valid;
    try {
      valid = key.verify(signedBytes(message.toByteString()), message.getSignature().toByteArray());
    } catch (RuntimeException e) {
      valid = false;
    }
    return valid ? Verdict.OK : Verdict.BAD_SIGNATURE;
  }

  /** The prefix followed by {@code encoded} without its signature and key fields. */
  static byte[] signedBytes(ByteString encoded) {
    byte[] bytes = encoded.toByteArray();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length + PREFIX.length);
    buffer.writeBytes(PREFIX);
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      while (true) {
        int start = in.getTotalBytesRead();
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        in.skipField(tag);
        int field = tag >>> 3;
        if (field != SIGNATURE_FIELD && field != KEY_FIELD) {
          buffer.write(bytes, start, in.getTotalBytesRead() - start);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("message does not decode", e);
    }
    return buffer.toByteArray();
  }
}
