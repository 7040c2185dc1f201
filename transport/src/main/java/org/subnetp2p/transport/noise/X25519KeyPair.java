package org.subnetp2p.transport.noise;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair: Noise's {@code 25519} DH functions on BouncyCastle's X25519 (about three
 * times the JDK's speed, see BENCHMARKS.md). Keys are the RFC 7748 encodings Noise puts on the
 * wire: 32 little-endian bytes.
 */
final class X25519KeyPair {
  /** DHLEN: the length of a public key and of a DH output. */
  static final int KEY_LENGTH = X25519.POINT_SIZE;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new byte[KEY_LENGTH];
    X25519.scalarMultBase(privateKey, 0, publicKey, 0);
  }

  /** A fresh random key pair (GENERATE_KEYPAIR). */
  static X25519KeyPair generate() {
    byte[] scalar = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(RANDOM, scalar);
    return new X25519KeyPair(scalar);
  }

  /** The key pair of a given 32-byte private scalar, as in the test vectors. */
  static X25519KeyPair fromPrivateKey(byte[] scalar) {
    if (scalar.length != X25519.SCALAR_SIZE) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes: " + scalar.length);
    }
    return new X25519KeyPair(scalar.clone()); // clamped by every scalar multiplication
  }

  /** The public key as 32 little-endian bytes (a copy). */
  byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * DH(this, remote): the 32-byte shared secret with a remote public key.
   *
   * @throws NoiseException if the remote key is not 32 bytes, or is a point of small order: the
   *     output is then all zeros, the exchange would contribute nothing to the keys, and RFC 7748
   *     §6.1 says to abort
   */
  byte[] dh(byte[] remotePublicKey) throws NoiseException {
    if (remotePublicKey.length != KEY_LENGTH) {
      throw new NoiseException("X25519 public key must be 32 bytes: " + remotePublicKey.length);
    }
    byte[] shared = new byte[KEY_LENGTH];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
      throw new NoiseException(
          "remote X25519 public key rejected: a point of small order (all-zero shared secret)");
    }
    return shared;
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
