package org.subnetp2p.gossipsub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes a message's id, by which the network deduplicates it. Every peer of a topic must use the
 * same function. The arrays are the message's fields as received; {@code from} and {@code seqno}
 * are empty when absent.
 */
@FunctionalInterface
public interface MessageIdFunction {

  /** The libp2p default; see {@link #standard()}. */
  MessageIdFunction STANDARD =
      (from, seqno, topic, data) -> {
        if (from.length == 0 && seqno.length == 0) {
          return Hashing.sha256(data);
        }
        byte[] id = new byte[from.length + seqno.length];
        System.arraycopy(from, 0, id, 0, from.length);
        System.arraycopy(seqno, 0, id, from.length, seqno.length);
        return id;
      };

  /** The id of a message with these fields. */
  byte[] id(byte[] from, byte[] seqno, String topic, byte[] data);

  /**
   * The libp2p default, used by py-libp2p, js-libp2p and go-libp2p: the author's peer id bytes
   * followed by the sequence number; for messages without an author (unsigned policies), the
   * SHA-256 of the data, as js-libp2p does for {@code StrictNoSign}.
   */
  static MessageIdFunction standard() {
    return STANDARD;
  }

  /** Content addressing: the SHA-256 of the data, whoever published it. */
  static MessageIdFunction contentHash() {
    return (from, seqno, topic, data) -> Hashing.sha256(data);
  }

  /** SHA-256, which every JDK has. */
  final class Hashing {
    private Hashing() {}

    static byte[] sha256(byte[] data) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(data);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
