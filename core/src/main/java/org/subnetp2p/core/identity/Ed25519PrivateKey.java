package org.subnetp2p.core.identity;

import java.io.Serial;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * An Ed25519 private key: the 32-byte RFC 8032 seed, marshalled as the spec's preferred
 * seed-then-public-key 64 bytes.
 */
final class Ed25519PrivateKey implements PrivateKey {
  private static final int SEED_LENGTH = 32;

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;
  private final java.security.PrivateKey jdkKey;

  private Ed25519PrivateKey(byte[] seed, KeyPair pair) {
    this.seed = seed;
    this.publicKey = Ed25519PublicKey.fromJdk(pair.getPublic());
    this.jdkKey = pair.getPrivate();
  }

  static Ed25519PrivateKey generate() {
    KeyPair pair = generator(null).generateKeyPair();
    byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    return new Ed25519PrivateKey(seed, pair);
  }

  static Ed25519PrivateKey fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 seed must be " + SEED_LENGTH + " bytes, got " + seed.length);
    }
    // The JDK has no public API to derive an Ed25519 public key from a seed, but its key pair
    // generator draws exactly the seed from the random source; we feed it ours and check that it
    // was used, so a JDK that behaves differently fails loudly instead of yielding another key.
    KeyPair pair = generator(new FixedBytes(seed)).generateKeyPair();
    byte[] used = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    if (!MessageDigest.isEqual(used, seed)) {
      throw new IllegalStateException("the JDK's Ed25519 generator did not use the given seed");
    }
    return new Ed25519PrivateKey(seed.clone(), pair);
  }

  /**
   * Reads the {@code Data} field: 64 bytes (seed, public key) as the spec prefers, the legacy 96
   * bytes (seed, public key, public key), or a bare 32-byte seed as some implementations write.
   * Where the public key is present it must be the seed's.
   */
  static Ed25519PrivateKey decode(byte[] data) {
    switch (data.length) {
      case SEED_LENGTH:
        return fromSeed(data);
      case 2 * SEED_LENGTH:
        break;
      case 3 * SEED_LENGTH:
        if (!Arrays.equals(data, 32, 64, data, 64, 96)) {
          throw new InvalidKeyException(
              "legacy 96-byte Ed25519 private key holds two different public keys");
        }
        break;
      default:
        throw new InvalidKeyException(
            "Ed25519 private key must be 32, 64 or 96 bytes, got " + data.length);
    }
    Ed25519PrivateKey key = fromSeed(Arrays.copyOf(data, SEED_LENGTH));
    if (!Arrays.equals(key.publicKey.raw(), Arrays.copyOfRange(data, 32, 64))) {
      throw new InvalidKeyException("Ed25519 private key holds a public key that is not its own");
    }
    return key;
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    return Jca.sign("Ed25519", jdkKey, data);
  }

  @Override
  public byte[] marshal() {
    byte[] data = new byte[2 * SEED_LENGTH];
    System.arraycopy(seed, 0, data, 0, SEED_LENGTH);
    System.arraycopy(publicKey.raw(), 0, data, SEED_LENGTH, SEED_LENGTH);
    return KeyProtobuf.encode(KeyType.ED25519, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PrivateKey other && MessageDigest.isEqual(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "ED25519 private key for " + PeerId.fromPublicKey(publicKey);
  }

  private static KeyPairGenerator generator(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      if (random != null) {
        generator.initialize(NamedParameterSpec.ED25519, random);
      }
      return generator;
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("the JDK provides no Ed25519 key generation", e);
    }
  }

  /** A "random" source that yields one given seed, exactly once. */
  private static final class FixedBytes extends SecureRandom {
    @Serial private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private boolean used;

    FixedBytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void nextBytes(byte[] out) {
      if (used || out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for random bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
      used = true;
    }
  }
}
