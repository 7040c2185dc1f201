package org.subnetp2p.transport.noise;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.subnetp2p.transport.noise.SymmetricState.TransportCiphers;

/**
 * A Noise {@code HandshakeState} for {@code Noise_XX_25519_ChaChaPoly_SHA256}, the only protocol
 * noise-libp2p uses:
 *
 * <pre>
 * XX:
 *   -&gt; e
 *   &lt;- e, ee, s, es
 *   -&gt; s, se
 * </pre>
 *
 * <p>Each side alternately calls {@link #writeMessage} and {@link #readMessage}, starting with the
 * initiator's write; after the third message {@link #isComplete()} holds and the transport cipher
 * states are available. Any error leaves the state failed: the handshake has to be abandoned.
 * Messages are Noise messages without the libp2p length prefix.
 */
final class HandshakeState {
  static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** The largest Noise message. */
  static final int MAX_MESSAGE_LENGTH = 65535;

  private static final int MESSAGE_COUNT = 3;
  private static final int DH_LENGTH = X25519KeyPair.KEY_LENGTH;

  private final boolean initiator;
  private final SymmetricState symmetric;
  private final X25519KeyPair localStatic;
  private X25519KeyPair localEphemeral; // preset only by tests that replay vectors
  private byte[] remoteStatic;
  private byte[] remoteEphemeral;
  private int nextMessage; // 0-based index of the next message of the pattern
  private boolean failed;
  private TransportCiphers ciphers;

  private HandshakeState(
      boolean initiator, X25519KeyPair localStatic, X25519KeyPair localEphemeral, byte[] prologue) {
    this.initiator = initiator;
    this.localStatic = localStatic;
    this.localEphemeral = localEphemeral;
    this.symmetric = new SymmetricState(PROTOCOL_NAME);
    symmetric.mixHash(prologue); // XX has no pre-messages
  }

  /** The dialer's side, with an empty prologue as in noise-libp2p. */
  static HandshakeState initiator(X25519KeyPair localStatic) {
    return new HandshakeState(true, localStatic, null, new byte[0]);
  }

  /** The listener's side, with an empty prologue as in noise-libp2p. */
  static HandshakeState responder(X25519KeyPair localStatic) {
    return new HandshakeState(false, localStatic, null, new byte[0]);
  }

  /** A side with a given prologue and, unless null, a given ephemeral key: for test vectors. */
  static HandshakeState withKeys(
      boolean initiator, X25519KeyPair localStatic, X25519KeyPair localEphemeral, byte[] prologue) {
    return new HandshakeState(initiator, localStatic, localEphemeral, prologue);
  }

  boolean isInitiator() {
    return initiator;
  }

  /** Whether the next step of this side is {@link #writeMessage} (else {@link #readMessage}). */
  boolean isWriteTurn() {
    return !isComplete() && (nextMessage % 2 == 0) == initiator;
  }

  /** The 1-based number of the next message of the pattern (4 once complete). */
  int nextMessageNumber() {
    return nextMessage + 1;
  }

  boolean isComplete() {
    return nextMessage == MESSAGE_COUNT;
  }

  /**
   * WriteMessage: the next handshake message of this side, carrying {@code payload} (encrypted in
   * messages 2 and 3, in the clear in message 1).
   */
  byte[] writeMessage(byte[] payload) throws NoiseException {
    checkTurn(true);
    failed = true; // until this message is complete
    ByteArrayOutputStream message = new ByteArrayOutputStream(96 + payload.length);
    switch (nextMessage) {
      case 0 -> writeEphemeral(message); // -> e
      case 1 -> { // <- e, ee, s, es
        writeEphemeral(message);
        symmetric.mixKey(localEphemeral.dh(remoteEphemeral));
        message.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
        symmetric.mixKey(localStatic.dh(remoteEphemeral));
      }
      default -> { // -> s, se
        message.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
        symmetric.mixKey(localStatic.dh(remoteEphemeral));
      }
    }
    message.writeBytes(symmetric.encryptAndHash(payload));
    if (message.size() > MAX_MESSAGE_LENGTH) {
      throw new NoiseException(
          "handshake message " + (nextMessage + 1) + " exceeds 65535 bytes: " + message.size());
    }
    advance();
    return message.toByteArray();
  }

  /** ReadMessage: processes the remote side's next handshake message and returns its payload. */
  byte[] readMessage(byte[] message) throws NoiseException {
    checkTurn(false);
    failed = true; // until this message is complete
    int messageNumber = nextMessage + 1;
    int tagLength = CipherState.TAG_LENGTH;
    int minimum =
        switch (nextMessage) {
          case 0 -> DH_LENGTH;
          case 1 -> DH_LENGTH + DH_LENGTH + tagLength + tagLength;
          default -> DH_LENGTH + tagLength + tagLength;
        };
    if (message.length < minimum || message.length > MAX_MESSAGE_LENGTH) {
      throw new NoiseException(
          "handshake message "
              + messageNumber
              + " has "
              + message.length
              + " bytes, expected at least "
              + minimum);
    }
    int offset = 0;
    switch (nextMessage) {
      case 0 -> offset = readEphemeral(message, offset); // -> e
      case 1 -> { // <- e, ee, s, es
        offset = readEphemeral(message, offset);
        symmetric.mixKey(localEphemeral.dh(remoteEphemeral));
        offset = readStatic(message, offset);
        symmetric.mixKey(localEphemeral.dh(remoteStatic));
      }
      default -> { // -> s, se
        offset = readStatic(message, offset);
        symmetric.mixKey(localEphemeral.dh(remoteStatic));
      }
    }
    byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
    advance();
    return payload;
  }

  /** The remote party's static X25519 public key, once received. */
  byte[] remoteStaticKey() {
    if (remoteStatic == null) {
      throw new IllegalStateException("the remote static key has not been received yet");
    }
    return remoteStatic.clone();
  }

  /** This side's static X25519 public key. */
  byte[] localStaticKey() {
    return localStatic.publicKey();
  }

  /** The handshake hash {@code h}: a channel binding value once complete. */
  byte[] handshakeHash() {
    return symmetric.handshakeHash();
  }

  /** The cipher state that encrypts this side's transport messages. */
  CipherState sendCipher() {
    TransportCiphers c = completedCiphers();
    return initiator ? c.initiatorToResponder() : c.responderToInitiator();
  }

  /** The cipher state that decrypts the remote side's transport messages. */
  CipherState receiveCipher() {
    TransportCiphers c = completedCiphers();
    return initiator ? c.responderToInitiator() : c.initiatorToResponder();
  }

  private TransportCiphers completedCiphers() {
    if (ciphers == null) {
      throw new IllegalStateException("the handshake is not complete");
    }
    return ciphers;
  }

  private void checkTurn(boolean write) {
    if (failed) {
      throw new IllegalStateException("the handshake failed earlier and cannot continue");
    }
    if (isComplete()) {
      throw new IllegalStateException("the handshake is already complete");
    }
    if (isWriteTurn() != write) {
      throw new IllegalStateException(
          "message " + (nextMessage + 1) + " is to be " + (write ? "read" : "written"));
    }
  }

  private void advance() {
    nextMessage++;
    failed = false;
    if (isComplete()) {
      ciphers = symmetric.split();
    }
  }

  private void writeEphemeral(ByteArrayOutputStream message) {
    if (localEphemeral == null) {
      localEphemeral = X25519KeyPair.generate();
    }
    byte[] publicKey = localEphemeral.publicKey();
    message.writeBytes(publicKey);
    symmetric.mixHash(publicKey);
  }

  private int readEphemeral(byte[] message, int offset) {
    remoteEphemeral = Arrays.copyOfRange(message, offset, offset + DH_LENGTH);
    symmetric.mixHash(remoteEphemeral);
    return offset + DH_LENGTH;
  }

  private int readStatic(byte[] message, int offset) throws NoiseException {
    // XX sends s only after ee, so it is always encrypted.
    int length = DH_LENGTH + CipherState.TAG_LENGTH;
    byte[] encrypted = Arrays.copyOfRange(message, offset, offset + length);
    try {
      remoteStatic = symmetric.decryptAndHash(encrypted);
    } catch (NoiseException e) {
      throw new NoiseException("remote static key did not decrypt: " + e.getMessage(), e);
    }
    return offset + length;
  }
}
