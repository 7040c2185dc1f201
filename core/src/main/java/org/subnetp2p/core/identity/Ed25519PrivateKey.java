package org.subnetp2p.core.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 private key: the 32-byte RFC 8032 seed, on BouncyCastle's Ed25519. {@link #marshal()}
 * gives the peer-ids spec's preferred {@code Data} of 64 bytes (seed, public key); {@link KeyFiles}
 * writes the seed alone where a Python subnet node must read the file.
 */
final class Ed25519PrivateKey implements PrivateKey {
  static final int SEED_LENGTH = Ed25519.SECRET_KEY_SIZE;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    this.publicKey = Ed25519PublicKey.ofSeed(seed);
  }

  static Ed25519PrivateKey generate() {
    byte[] seed = new byte[SEED_LENGTH];
    RANDOM.nextBytes(seed);
    return new Ed25519PrivateKey(seed);
  }

  static Ed25519PrivateKey fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new InvalidKeyException(
          "Ed25519 seed must be " + SEED_LENGTH + " bytes, got " + seed.length);
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  /**
   * Reads the {@code Data} field: the bare 32-byte seed (subnet-template, py-libp2p), 64 bytes
   * (seed, public key) as the spec prefers (go, js), or the legacy 96 bytes (seed, public key,
   * public key). Where the public key is present it must be the seed's.
   */
  static Ed25519PrivateKey decode(byte[] data) {
    switch (data.length) {
      case SEED_LENGTH -> {
        return fromSeed(data);
      }
      case 2 * SEED_LENGTH -> {}
      case 3 * SEED_LENGTH -> {
        if (!Arrays.equals(data, 32, 64, data, 64, 96)) {
          throw new InvalidKeyException(
              "legacy 96-byte Ed25519 private key holds two different public keys");
        }
      }
      default ->
          throw new InvalidKeyException(
              "Ed25519 private key must be 32, 64 or 96 bytes, got " + data.length);
    }
    Ed25519PrivateKey key = fromSeed(Arrays.copyOf(data, SEED_LENGTH));
    if (!MessageDigest.isEqual(key.publicKey.rawUnsafe(), Arrays.copyOfRange(data, 32, 64))) {
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
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey.rawUnsafe(), 0, data, 0, data.length, signature, 0);
    return signature;
  }

  /** The 64-byte form: seed, then public key. */
  @Override
  public byte[] marshal() {
    byte[] data = Arrays.copyOf(seed, 2 * SEED_LENGTH);
    System.arraycopy(publicKey.rawUnsafe(), 0, data, SEED_LENGTH, SEED_LENGTH);
    return KeyProtobuf.encode(KeyType.ED25519, data);
  }

  /** The subnet-template form: the seed alone as {@code Data}. */
  byte[] marshalSeedOnly() {
    return KeyProtobuf.encode(KeyType.ED25519, seed);
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
}
