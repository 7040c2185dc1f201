package org.subnetp2p.transport.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;

/**
 * An X25519 key pair: Noise's {@code 25519} DH functions on the JDK's XDH provider.
 *
 * <p>Noise puts public keys on the wire as RFC 7748 section 5 encodings: the u-coordinate as 32
 * little-endian bytes, while the JDK represents it as a {@link BigInteger}. This class translates.
 */
final class X25519KeyPair {
  /** DHLEN: the length of a public key and of a DH output. */
  static final int KEY_LENGTH = 32;

  private static final String ALGORITHM = "X25519";
  private static final byte[] BASE_POINT = uToBytes(BigInteger.valueOf(9));

  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(PrivateKey privateKey, byte[] publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A fresh random key pair (GENERATE_KEYPAIR). */
  static X25519KeyPair generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      BigInteger u = ((XECPublicKey) pair.getPublic()).getU();
      return new X25519KeyPair(pair.getPrivate(), uToBytes(u));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519", e);
    }
  }

  /** The key pair of a given 32-byte private scalar, as in the test vectors. */
  static X25519KeyPair fromPrivateKey(byte[] scalar) {
    if (scalar.length != KEY_LENGTH) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes: " + scalar.length);
    }
    try {
      PrivateKey key =
          KeyFactory.getInstance(ALGORITHM)
              .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
      // The JDK cannot derive the public key of a private one; the public key is DH(key, 9).
      return new X25519KeyPair(key, agree(key, BASE_POINT));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable X25519 private key", e);
    }
  }

  /** The public key as 32 little-endian bytes (a copy). */
  byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * DH(this, remote): the 32-byte shared secret with a remote public key.
   *
   * @throws NoiseException if the remote key is a low-order point (an all-zero output), which the
   *     JDK refuses and which would make the exchange contribute nothing
   */
  byte[] dh(byte[] remotePublicKey) throws NoiseException {
    if (remotePublicKey.length != KEY_LENGTH) {
      throw new NoiseException("X25519 public key must be 32 bytes: " + remotePublicKey.length);
    }
    try {
      return agree(privateKey, remotePublicKey);
    } catch (InvalidKeyException e) {
      throw new NoiseException("remote X25519 public key rejected: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519", e);
    }
  }

  private static byte[] agree(PrivateKey privateKey, byte[] remotePublicKey)
      throws GeneralSecurityException {
    PublicKey remote =
        KeyFactory.getInstance(ALGORITHM)
            .generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, bytesToU(remotePublicKey)));
    KeyAgreement agreement = KeyAgreement.getInstance(ALGORITHM);
    agreement.init(privateKey);
    agreement.doPhase(remote, true);
    return agreement.generateSecret();
  }

  /** RFC 7748 decodeUCoordinate: little-endian, the most significant bit masked. */
  static BigInteger bytesToU(byte[] littleEndian) {
    byte[] bigEndian = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH; i++) {
      bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
    }
    bigEndian[0] &= 0x7f;
    return new BigInteger(1, bigEndian);
  }

  /** RFC 7748 encodeUCoordinate for a u already reduced modulo p. */
  static byte[] uToBytes(BigInteger u) {
    byte[] bigEndian = u.toByteArray(); // may carry a leading sign byte or be shorter than 32
    byte[] littleEndian = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return littleEndian;
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
