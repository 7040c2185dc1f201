package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeStateTest {
  private final HandshakeState initiator = HandshakeState.initiator(X25519KeyPair.generate());
  private final HandshakeState responder = HandshakeState.responder(X25519KeyPair.generate());

  @Test
  void randomKeysAgreeOnTranscriptAndTransportKeys() throws Exception {
    responder.readMessage(initiator.writeMessage(new byte[0]));
    assertThat(initiator.readMessage(responder.writeMessage(bytes("from responder"))))
        .isEqualTo(bytes("from responder"));
    assertThat(responder.readMessage(initiator.writeMessage(bytes("from initiator"))))
        .isEqualTo(bytes("from initiator"));

    assertThat(initiator.isComplete()).isTrue();
    assertThat(responder.isComplete()).isTrue();
    assertThat(initiator.handshakeHash()).isEqualTo(responder.handshakeHash());
    byte[] ciphertext = initiator.sendCipher().encryptWithAd(new byte[0], bytes("hello"));
    assertThat(responder.receiveCipher().decryptWithAd(new byte[0], ciphertext))
        .isEqualTo(bytes("hello"));
    byte[] reply = responder.sendCipher().encryptWithAd(new byte[0], bytes("hi"));
    assertThat(initiator.receiveCipher().decryptWithAd(new byte[0], reply)).isEqualTo(bytes("hi"));
  }

  @Test
  void tamperedSecondMessageFailsAndPoisonsTheState() throws Exception {
    responder.readMessage(initiator.writeMessage(new byte[0]));
    byte[] message2 = responder.writeMessage(bytes("payload"));
    message2[40] ^= 0x20; // inside the encrypted static key

    assertThatThrownBy(() -> initiator.readMessage(message2))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("remote static key did not decrypt");
    assertThatThrownBy(() -> initiator.writeMessage(new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed");
  }

  @Test
  void tamperedPayloadFails() throws Exception {
    responder.readMessage(initiator.writeMessage(new byte[0]));
    byte[] message2 = responder.writeMessage(bytes("payload"));
    message2[message2.length - 1] ^= 0x01;

    assertThatThrownBy(() -> initiator.readMessage(message2))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("decryption failed");
  }

  @Test
  void rejectsShortMessagesAndOutOfTurnCalls() throws Exception {
    assertThatThrownBy(() -> responder.readMessage(new byte[31]))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("handshake message 1 has 31 bytes");
    assertThatThrownBy(() -> initiator.readMessage(new byte[32]))
        .isInstanceOf(IllegalStateException.class);
    HandshakeState fresh = HandshakeState.responder(X25519KeyPair.generate());
    assertThatThrownBy(() -> fresh.writeMessage(new byte[0]))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * The u-coordinates of the points of small order on Curve25519 (0, 1, the two of order 8, p - 1)
   * and their non-canonical forms (p, p + 1, and each with the ignored top bit set): with any of
   * them the DH output is all zeros, whatever the private key, and the handshake must stop.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      })
  void aSmallOrderEphemeralKeyStopsTheHandshake(String u) throws Exception {
    responder.readMessage(HexFormat.of().parseHex(u));
    assertThatThrownBy(() -> responder.writeMessage(new byte[0]))
        .isInstanceOf(NoiseException.class)
        .hasMessage(
            "remote X25519 public key rejected: a point of small order (all-zero shared secret)");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void aRemoteKeyOfAnotherLengthIsRejected(int length) {
    assertThatThrownBy(() -> X25519KeyPair.generate().dh(new byte[length]))
        .isInstanceOf(NoiseException.class)
        .hasMessage("X25519 public key must be 32 bytes: " + length);
  }

  @Test
  void rfc7748DiffieHellmanVector() throws Exception {
    // RFC 7748 section 6.1: Alice's private key, Bob's public key, their shared secret.
    X25519KeyPair alice =
        X25519KeyPair.fromPrivateKey(
            HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    byte[] bob =
        HexFormat.of().parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    assertThat(HexFormat.of().formatHex(alice.dh(bob)))
        .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  }

  @Test
  void x25519PublicKeyOfPrivateKeyFollowsRfc7748() {
    // RFC 7748 section 6.1: Alice's private and public keys.
    X25519KeyPair alice =
        X25519KeyPair.fromPrivateKey(
            HexFormat.of()
                .parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    assertThat(HexFormat.of().formatHex(alice.publicKey()))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
