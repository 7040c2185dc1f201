package org.subnetp2p.transport.noise;

import io.netty.channel.ChannelHandler;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;

/**
 * This package's internals as the {@code bench} module's micro-benchmarks drive them. Not API: the
 * package is not exported, so no module reads this class; {@code bench} runs on the class path. It
 * changes whenever the internals it exposes change.
 */
public final class NoiseBenchmarkAccess {
  /** A transport cipher's key length. */
  public static final int KEY_LENGTH = CipherState.KEY_LENGTH;

  /** The authentication tag each encrypted message carries. */
  public static final int TAG_LENGTH = CipherState.TAG_LENGTH;

  /** The largest plaintext of one transport frame: 65,519 bytes. */
  public static final int MAX_PLAINTEXT = NoiseSecureCodec.MAX_PLAINTEXT;

  private NoiseBenchmarkAccess() {}

  /** A transport cipher (ChaCha20-Poly1305, the Noise nonce) under {@code key}, at nonce 0. */
  public static Cipher cipher(byte[] key) {
    return new Cipher(new CipherState(key));
  }

  /**
   * The secure channel's handler, encrypting with {@code sender} and decrypting with {@code
   * receiver}.
   */
  public static ChannelHandler secureCodec(Cipher sender, Cipher receiver) {
    return new NoiseSecureCodec(sender.state, receiver.state);
  }

  /**
   * Both sides of a noise-libp2p XX handshake, in this thread: the three messages, the signed
   * payloads and their verification.
   *
   * @return the session as the dialer sees it
   */
  public static SecureSession handshake(
      NoiseStaticIdentity dialer, NoiseStaticIdentity listener, PeerId listenerId)
      throws NoiseException {
    HandshakeState atDialer = HandshakeState.initiator(dialer.staticKey());
    HandshakeState atListener = HandshakeState.responder(listener.staticKey());
    atListener.readMessage(atDialer.writeMessage(new byte[0]));
    byte[] p2 = atDialer.readMessage(atListener.writeMessage(listener.payload()));
    SecureSession session =
        HandshakePayload.verify(p2, atDialer.remoteStaticKey(), Optional.of(listenerId));
    byte[] p3 = atListener.readMessage(atDialer.writeMessage(dialer.payload()));
    HandshakePayload.verify(p3, atListener.remoteStaticKey(), Optional.empty());
    return session;
  }

  /** A fresh X25519 key pair. */
  public static X25519 x25519() {
    return new X25519(X25519KeyPair.generate());
  }

  /** {@code CipherState}: one direction of a secure channel. */
  public static final class Cipher {
    private final CipherState state;

    private Cipher(CipherState state) {
      this.state = state;
    }

    /** Encrypts {@code plaintext} into {@code ciphertext} under the next nonce. */
    public void encrypt(ByteBuffer plaintext, ByteBuffer ciphertext) throws NoiseException {
      state.encrypt(plaintext, ciphertext);
    }

    /** Decrypts and authenticates {@code ciphertext} into {@code plaintext}. */
    public void decrypt(ByteBuffer ciphertext, ByteBuffer plaintext) throws NoiseException {
      state.decrypt(ciphertext, plaintext);
    }

    /** Encrypts {@code plaintext} with associated data {@code ad}. */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
      return state.encryptWithAd(ad, plaintext);
    }

    /** Sets the next nonce, e.g. back to 0 to decrypt the same message again. */
    public void setNonce(long nonce) {
      state.setNonce(nonce);
    }
  }

  /** {@code X25519KeyPair}: Noise's Diffie-Hellman keys. */
  public static final class X25519 {
    private final X25519KeyPair pair;

    private X25519(X25519KeyPair pair) {
      this.pair = pair;
    }

    /** The public key. */
    public byte[] publicKey() {
      return pair.publicKey();
    }

    /** The shared secret with {@code remotePublicKey}. */
    public byte[] dh(byte[] remotePublicKey) throws NoiseException {
      return pair.dh(remotePublicKey);
    }
  }
}
