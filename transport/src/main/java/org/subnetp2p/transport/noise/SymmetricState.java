package org.subnetp2p.transport.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code SymmetricState} with SHA-256: the chaining key {@code ck}, the handshake hash
 * {@code h}, and the cipher state keyed by the latest {@link #mixKey} (none before the first).
 */
final class SymmetricState {
  static final int HASH_LENGTH = 32;

  private final MessageDigest sha256;
  private final Mac hmac;
  private byte[] chainingKey;
  private byte[] handshakeHash;
  private CipherState cipherState; // null: the spec's empty key

  /** InitializeSymmetric(protocolName). */
  SymmetricState(String protocolName) {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
      hmac = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    handshakeHash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : hash(name);
    chainingKey = handshakeHash.clone();
  }

  boolean hasKey() {
    return cipherState != null;
  }

  /** MixKey: derives a new chaining key and cipher key from DH output. */
  void mixKey(byte[] inputKeyMaterial) {
    byte[][] outputs = hkdf(chainingKey, inputKeyMaterial);
    chainingKey = outputs[0];
    cipherState = new CipherState(outputs[1]);
  }

  /** MixHash: {@code h = SHA-256(h || data)}. */
  void mixHash(byte[] data) {
    sha256.update(handshakeHash);
    sha256.update(data);
    handshakeHash = sha256.digest();
  }

  /** EncryptAndHash: encrypts under {@code h} once there is a key, then hashes the result. */
  byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
    byte[] ciphertext =
        cipherState == null
            ? plaintext.clone()
            : cipherState.encryptWithAd(handshakeHash, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  /** DecryptAndHash: the inverse of {@link #encryptAndHash}. */
  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    byte[] plaintext =
        cipherState == null
            ? ciphertext.clone()
            : cipherState.decryptWithAd(handshakeHash, ciphertext);
    mixHash(ciphertext);
    return plaintext;
  }

  /** Split: the initiator-to-responder and responder-to-initiator transport cipher states. */
  TransportCiphers split() {
    byte[][] keys = hkdf(chainingKey, new byte[0]);
    return new TransportCiphers(new CipherState(keys[0]), new CipherState(keys[1]));
  }

  /** GetHandshakeHash: {@code h}, a channel binding value once the handshake is complete. */
  byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  private byte[] hash(byte[] data) {
    return sha256.digest(data);
  }

  /** HKDF(chainingKey, inputKeyMaterial, 2) as Noise defines it, on HMAC-SHA256. */
  private byte[][] hkdf(byte[] key, byte[] inputKeyMaterial) {
    byte[] tempKey = hmac(key, inputKeyMaterial);
    byte[] output1 = hmac(tempKey, new byte[] {0x01});
    byte[] output2 = hmac(tempKey, concat(output1, (byte) 0x02));
    return new byte[][] {output1, output2};
  }

  private byte[] hmac(byte[] key, byte[] data) {
    try {
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
    }
    return hmac.doFinal(data);
  }

  private static byte[] concat(byte[] bytes, byte last) {
    byte[] result = Arrays.copyOf(bytes, bytes.length + 1);
    result[bytes.length] = last;
    return result;
  }

  /** The two cipher states of a completed handshake, named by the direction they protect. */
  record TransportCiphers(CipherState initiatorToResponder, CipherState responderToInitiator) {}
}
