package org.subnetp2p.transport.noise;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remote handshake payloads already verified, with the session each proved. Hosts use one Noise
 * static key for all their handshakes (we do, and so do js-libp2p and rust-libp2p), so a peer that
 * connects again sends the same payload over the same static key: the same bytes verify the same
 * way, and decoding the identity key and checking its signature (an Ed25519 verification, about a
 * seventh of a warm handshake's CPU) can be skipped. Only payloads that verified enter, keyed by
 * every byte that was verified; the least recently used leaves beyond {@link #CAPACITY}, however
 * many peers connect.
 */
final class VerifiedPayloads {
  static final int CAPACITY = 256;

  /**
   * Larger payloads are verified every time: an ordinary one (key, signature, muxers) is ~150
   * bytes, and a handshake message may carry 64 KiB, which 256 entries would hold 16 MiB of.
   */
  static final int MAX_PAYLOAD = 1024;

  private final Map<Key, SecureSession> sessions =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SecureSession> eldest) {
          return size() > CAPACITY;
        }
      };
  private long hits;

  /** The session that {@code payload} over {@code staticKey} proved before, or null. */
  SecureSession get(byte[] payload, byte[] staticKey) {
    Key key = new Key(staticKey, payload);
    synchronized (sessions) {
      SecureSession s = sessions.get(key);
      if (s != null) {
        hits++;
      }
      return s;
    }
  }

  /** Records that {@code payload} over {@code staticKey} verified as {@code session}. */
  void put(byte[] payload, byte[] staticKey, SecureSession session) {
    if (payload.length > MAX_PAYLOAD) {
      return;
    }
    Key key = new Key(staticKey.clone(), payload.clone());
    synchronized (sessions) {
      sessions.put(key, session);
    }
  }

  /** Entries held, for tests. */
  int size() {
    synchronized (sessions) {
      return sessions.size();
    }
  }

  /** Lookups answered from the cache, for tests. */
  long hits() {
    synchronized (sessions) {
      return hits;
    }
  }

  /** The verified bytes; a static key is always 32 bytes, so the pair is unambiguous. */
  private record Key(byte[] staticKey, byte[] payload) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Arrays.equals(staticKey, k.staticKey)
          && Arrays.equals(payload, k.payload);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(staticKey) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Key[" + payload.length + " bytes]";
    }
  }
}
