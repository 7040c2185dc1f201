package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CipherStateTest {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  @Test
  void roundTripsBetweenHeapAndDirectBuffers() throws Exception {
    CipherState sender = new CipherState(KEY);
    CipherState receiver = new CipherState(KEY);
    for (int i = 0; i < 3; i++) {
      byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
      ByteBuffer ciphertext = ByteBuffer.allocateDirect(message.length + 16);
      sender.encrypt(ByteBuffer.wrap(message), ciphertext);
      assertThat(ciphertext.position()).isEqualTo(message.length + 16);
      ciphertext.flip();
      ByteBuffer plaintext = ByteBuffer.allocate(message.length);
      receiver.decrypt(ciphertext, plaintext);
      assertThat(plaintext.array()).isEqualTo(message);
    }
    assertThat(sender.nonce()).isEqualTo(3);
    assertThat(receiver.nonce()).isEqualTo(3);
  }

  @Test
  void tamperedCiphertextFailsWithoutConsumingTheNonce() throws Exception {
    CipherState sender = new CipherState(KEY);
    CipherState receiver = new CipherState(KEY);
    byte[] ad = {1, 2, 3};
    byte[] ciphertext = sender.encryptWithAd(ad, "attack at dawn".getBytes(StandardCharsets.UTF_8));

    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> receiver.decryptWithAd(ad, tampered))
          .isInstanceOf(NoiseException.class)
          .hasMessageContaining("decryption failed")
          .hasMessageContaining("message 0");
    }
    assertThatThrownBy(() -> receiver.decryptWithAd(new byte[] {9}, ciphertext))
        .isInstanceOf(NoiseException.class);
    assertThatThrownBy(() -> receiver.decryptWithAd(ad, Arrays.copyOf(ciphertext, 15)))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("shorter than its 16-byte tag");
    assertThat(receiver.nonce()).isZero();

    assertThat(new String(receiver.decryptWithAd(ad, ciphertext), StandardCharsets.UTF_8))
        .isEqualTo("attack at dawn");
    assertThat(receiver.nonce()).isEqualTo(1);
  }

  @Test
  void refusesTheReservedNonce() throws Exception {
    CipherState sender = new CipherState(KEY);
    CipherState receiver = new CipherState(KEY);
    sender.setNonce(-2L); // 2^64-2: the last usable nonce
    receiver.setNonce(-2L);
    byte[] last = sender.encryptWithAd(new byte[0], new byte[] {42});
    assertThat(receiver.decryptWithAd(new byte[0], last)).containsExactly(42);

    assertThat(sender.nonce()).isEqualTo(-1L);
    assertThatThrownBy(() -> sender.encryptWithAd(new byte[0], new byte[] {1}))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("nonce exhausted");
    assertThatThrownBy(() -> receiver.decryptWithAd(new byte[0], last))
        .isInstanceOf(NoiseException.class)
        .hasMessageContaining("nonce exhausted");
  }
}
