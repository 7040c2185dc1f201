package org.subnetp2p.transport.noise;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise {@code CipherState} with a key: ChaCha20-Poly1305 under one 32-byte key and a 64-bit
 * message counter, used by one direction of a session and one thread at a time.
 *
 * <p>The nonce is 4 zero bytes followed by the counter in little-endian order (the ChaChaPoly
 * cipher functions). The counter value 2<sup>64</sup>-1 is reserved, so a state that reaches it
 * refuses to encrypt or decrypt and the session has to end. A failed decryption does not advance
 * the counter; a failed encryption does, since the JDK never allows a key and nonce to be reused
 * for encryption.
 *
 * <p>The empty-key state of the spec is the absence of a {@code CipherState} in {@link
 * SymmetricState}, and rekeying is not implemented (noise-libp2p does not use it).
 */
final class CipherState {
  static final int KEY_LENGTH = 32;
  static final int TAG_LENGTH = 16;

  /** 2^64-1 as an unsigned long: never used as a nonce. */
  private static final long RESERVED_NONCE = -1L;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final byte[] NO_AD = new byte[0];

  /**
   * For a direct (off-heap) buffer the JDK's cipher allocates a temporary array per message and
   * copies through it. Messages from this size on go through one array per thread instead: the same
   * copies, without allocating and zeroing up to 64 KiB per frame. A CipherState runs on one thread
   * at a time (a channel's event loop) and never re-enters itself.
   */
  private static final int SCRATCH_FROM = 4 * 1024;

  private static final int SCRATCH_LENGTH = HandshakeState.MAX_MESSAGE_LENGTH;
  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[SCRATCH_LENGTH]);

  private final SecretKeySpec key;
  private final Cipher cipher; // re-initialised for every message with that message's nonce
  private final byte[] nonceBytes = new byte[12];
  private long nonce;

  CipherState(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes: " + key.length);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks ChaCha20-Poly1305", e);
    }
  }

  /** The next nonce, as an unsigned 64-bit value. */
  long nonce() {
    return nonce;
  }

  /** SetNonce: only for tests, which have no other way to reach the end of the nonce space. */
  void setNonce(long nonce) {
    this.nonce = nonce;
  }

  /** EncryptWithAd: returns the ciphertext and tag of {@code plaintext}. */
  byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
    byte[] ciphertext = new byte[plaintext.length + TAG_LENGTH];
    encrypt(ad, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(ciphertext));
    return ciphertext;
  }

  /** DecryptWithAd: returns the plaintext of {@code ciphertext}, which ends with the tag. */
  byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new NoiseException(
          "ciphertext of " + ciphertext.length + " bytes is shorter than its 16-byte tag");
    }
    byte[] plaintext = new byte[ciphertext.length - TAG_LENGTH];
    decrypt(ad, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(plaintext));
    return plaintext;
  }

  /**
   * Encrypts a transport message (empty associated data): reads all of {@code plaintext} and writes
   * {@code plaintext.remaining() + 16} bytes to {@code ciphertext}.
   */
  void encrypt(ByteBuffer plaintext, ByteBuffer ciphertext) throws NoiseException {
    if (plaintext.hasArray() && ciphertext.hasArray()) {
      encrypt(NO_AD, plaintext, ciphertext); // the JDK works on the arrays directly
    } else {
      encrypt(new ByteBuffer[] {plaintext}, 1, ciphertext);
    }
  }

  /**
   * Encrypts one transport message whose plaintext is {@code parts[0..count)} in order (empty
   * associated data): writes their total length plus 16 bytes to {@code ciphertext}.
   */
  void encrypt(ByteBuffer[] parts, int count, ByteBuffer ciphertext) throws NoiseException {
    int length = 0;
    for (int i = 0; i < count; i++) {
      length += parts[i].remaining();
    }
    if (length >= SCRATCH_FROM && length + TAG_LENGTH <= SCRATCH_LENGTH) {
      byte[] scratch = SCRATCH.get();
      int at = 0;
      for (int i = 0; i < count; i++) {
        int r = parts[i].remaining();
        parts[i].get(scratch, at, r);
        at += r;
      }
      sealInScratch(scratch, length, ciphertext);
      return;
    }
    long n = nonce;
    init(Cipher.ENCRYPT_MODE, n);
    nonce = n + 1;
    try {
      for (int i = 0; i < count - 1; i++) {
        cipher.update(parts[i], ciphertext); // encryption is streaming: output keeps pace
      }
      cipher.doFinal(parts[count - 1], ciphertext);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("ciphertext buffer too small", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /** Encrypts {@code scratch[0..length)} into {@code ciphertext}, in place when that is direct. */
  private void sealInScratch(byte[] scratch, int length, ByteBuffer ciphertext)
      throws NoiseException {
    long n = nonce;
    init(Cipher.ENCRYPT_MODE, n);
    nonce = n + 1;
    try {
      int position = ciphertext.position();
      if (ciphertext.hasArray()) {
        cipher.doFinal(scratch, 0, length, ciphertext.array(), ciphertext.arrayOffset() + position);
        ciphertext.position(position + length + TAG_LENGTH);
      } else {
        cipher.doFinal(scratch, 0, length, scratch, 0);
        ciphertext.put(scratch, 0, length + TAG_LENGTH);
      }
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("ciphertext buffer too small", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts a transport message (empty associated data): reads all of {@code ciphertext}, tag
   * included, and writes {@code ciphertext.remaining() - 16} bytes to {@code plaintext}.
   */
  void decrypt(ByteBuffer ciphertext, ByteBuffer plaintext) throws NoiseException {
    int length = ciphertext.remaining();
    if ((ciphertext.hasArray() && plaintext.hasArray())
        || length < SCRATCH_FROM
        || length > SCRATCH_LENGTH) {
      decrypt(NO_AD, ciphertext, plaintext);
      return;
    }
    byte[] scratch = SCRATCH.get();
    ciphertext.get(scratch, 0, length);
    long n = nonce;
    init(Cipher.DECRYPT_MODE, n);
    try {
      int position = plaintext.position();
      if (plaintext.hasArray()) {
        cipher.doFinal(scratch, 0, length, plaintext.array(), plaintext.arrayOffset() + position);
        plaintext.position(position + length - TAG_LENGTH);
      } else {
        int m = cipher.doFinal(scratch, 0, length, scratch, 0);
        plaintext.put(scratch, 0, m);
      }
    } catch (AEADBadTagException e) {
      throw tagMismatch(n, e);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("plaintext buffer too small", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
    nonce = n + 1;
  }

  private void encrypt(byte[] ad, ByteBuffer plaintext, ByteBuffer ciphertext)
      throws NoiseException {
    long n = nonce;
    init(Cipher.ENCRYPT_MODE, n);
    nonce = n + 1;
    try {
      cipher.updateAAD(ad);
      cipher.doFinal(plaintext, ciphertext);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("ciphertext buffer too small", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  private void decrypt(byte[] ad, ByteBuffer ciphertext, ByteBuffer plaintext)
      throws NoiseException {
    long n = nonce;
    init(Cipher.DECRYPT_MODE, n);
    try {
      cipher.updateAAD(ad);
      cipher.doFinal(ciphertext, plaintext);
    } catch (AEADBadTagException e) {
      throw tagMismatch(n, e);
    } catch (ShortBufferException e) {
      throw new IllegalArgumentException("plaintext buffer too small", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
    nonce = n + 1;
  }

  private static NoiseException tagMismatch(long n, AEADBadTagException e) {
    return new NoiseException(
        "decryption failed: authentication tag mismatch for message "
            + Long.toUnsignedString(n)
            + " (tampered, truncated, reordered or under another key)",
        e);
  }

  private void init(int mode, long n) throws NoiseException {
    if (n == RESERVED_NONCE) {
      throw new NoiseException("nonce exhausted: 2^64-1 messages were sent under this key");
    }
    LONG_LE.set(nonceBytes, 4, n);
    try {
      cipher.init(mode, key, new IvParameterSpec(nonceBytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 refused key or nonce", e);
    }
  }
}
