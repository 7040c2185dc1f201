package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

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

  @Test
  void rejectsALowOrderEphemeralKey() throws Exception {
    byte[] zeroKey = new byte[32]; // u = 0 has order 4: the DH output would be all zeros
    responder.readMessage(zeroKey);
    assertThatThrownBy(() -> responder.writeMessage(new byte[0]))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("remote X25519 public key rejected");
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
