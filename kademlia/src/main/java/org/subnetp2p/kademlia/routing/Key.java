package org.subnetp2p.kademlia.routing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import org.subnetp2p.core.identity.PeerId;

/**
 * A point in the Kademlia key space: the SHA-256 of a key's bytes (for a peer, of its id's
 * multihash bytes). Distance is the XOR of two points, compared as a 256-bit unsigned number.
 */
public final class Key {
  /** Bits in a key. */
  public static final int BITS = 256;

  private final byte[] hash;

  private Key(byte[] hash) {
    this.hash = hash;
  }

  /** The point of arbitrary key bytes: their SHA-256. */
  public static Key of(byte[] keyBytes) {
    try {
      return new Key(MessageDigest.getInstance("SHA-256").digest(keyBytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** The point of a peer: the SHA-256 of its id's bytes. */
  public static Key of(PeerId peer) {
    return of(peer.toBytes());
  }

  /** The number of leading bits this key shares with {@code other}, 0 to 256. */
  public int commonPrefixLength(Key other) {
    for (int i = 0; i < hash.length; i++) {
      int x = (hash[i] ^ other.hash[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /**
   * Compares the distances of {@code a} and {@code b} to this key: negative if {@code a} is closer.
   */
  public int compareDistance(Key a, Key b) {
    for (int i = 0; i < hash.length; i++) {
      int da = (a.hash[i] ^ hash[i]) & 0xFF;
      int db = (b.hash[i] ^ hash[i]) & 0xFF;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** Orders keys by their distance to this one, closest first. */
  public Comparator<Key> byDistance() {
    return this::compareDistance;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Key k && Arrays.equals(hash, k.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(hash, 0, 8);
  }
}
