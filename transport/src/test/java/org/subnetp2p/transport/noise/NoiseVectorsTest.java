package org.subnetp2p.transport.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays the Noise_XX_25519_ChaChaPoly_SHA256 test vectors byte for byte. */
class NoiseVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  /** One vector of the cacophony file, as hex strings. */
  record Vector(
      String protocolName,
      String initPrologue,
      String initStatic,
      String initEphemeral,
      String respPrologue,
      String respStatic,
      String respEphemeral,
      String handshakeHash,
      List<String[]> messages) {
    @Override
    public String toString() {
      return protocolName + " (" + messages.size() + " messages)";
    }
  }

  static Stream<Vector> vectors() throws IOException {
    List<Vector> vectors = VectorFile.read();
    assertThat(vectors).isNotEmpty();
    return vectors.stream();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void handshakeAndTransportMessagesMatchTheVector(Vector v) throws Exception {
    assertThat(v.protocolName()).isEqualTo(HandshakeState.PROTOCOL_NAME);
    HandshakeState initiator =
        HandshakeState.withKeys(
            true,
            X25519KeyPair.fromPrivateKey(HEX.parseHex(v.initStatic())),
            X25519KeyPair.fromPrivateKey(HEX.parseHex(v.initEphemeral())),
            HEX.parseHex(v.initPrologue()));
    HandshakeState responder =
        HandshakeState.withKeys(
            false,
            X25519KeyPair.fromPrivateKey(HEX.parseHex(v.respStatic())),
            X25519KeyPair.fromPrivateKey(HEX.parseHex(v.respEphemeral())),
            HEX.parseHex(v.respPrologue()));

    int index = 0;
    for (String[] message : v.messages()) {
      byte[] payload = HEX.parseHex(message[0]);
      byte[] expected = HEX.parseHex(message[1]);
      boolean fromInitiator = index % 2 == 0; // XX is interactive: the turns alternate throughout
      HandshakeState sender = fromInitiator ? initiator : responder;
      HandshakeState receiver = fromInitiator ? responder : initiator;
      if (!sender.isComplete()) {
        assertThat(HEX.formatHex(sender.writeMessage(payload)))
            .as("handshake message %d", index + 1)
            .isEqualTo(message[1]);
        assertThat(receiver.readMessage(expected)).isEqualTo(payload);
        if (sender.isComplete()) {
          assertThat(receiver.isComplete()).isTrue();
          assertThat(HEX.formatHex(initiator.handshakeHash())).isEqualTo(v.handshakeHash());
          assertThat(responder.handshakeHash()).isEqualTo(initiator.handshakeHash());
          assertThat(initiator.remoteStaticKey()).isEqualTo(responder.localStaticKey());
          assertThat(responder.remoteStaticKey()).isEqualTo(initiator.localStaticKey());
        }
      } else {
        ByteBuffer ciphertext = ByteBuffer.allocate(payload.length + CipherState.TAG_LENGTH);
        sender.sendCipher().encrypt(ByteBuffer.wrap(payload), ciphertext);
        assertThat(HEX.formatHex(ciphertext.array()))
            .as("transport message %d", index + 1)
            .isEqualTo(message[1]);
        ByteBuffer plaintext = ByteBuffer.allocateDirect(payload.length);
        receiver.receiveCipher().decrypt(ByteBuffer.wrap(expected), plaintext);
        plaintext.flip();
        byte[] decrypted = new byte[plaintext.remaining()];
        plaintext.get(decrypted);
        assertThat(decrypted).isEqualTo(payload);
      }
      index++;
    }
    assertThat(index).isGreaterThan(3);
  }

  /** A reader for the vector file's fixed shape, so that the tests need no JSON library. */
  static final class VectorFile {
    /** A copy of shared/specs/noise/vectors_XX_25519_ChaChaPoly_SHA256.json. */
    private static final String RESOURCE = "vectors_XX_25519_ChaChaPoly_SHA256.json";

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    static List<Vector> read() throws IOException {
      String json;
      try (InputStream in = NoiseVectorsTest.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException("test resource missing: " + RESOURCE);
        }
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<Vector> vectors = new ArrayList<>();
      int vectorsStart = json.indexOf("\"vectors\"");
      for (String block : json.substring(vectorsStart).split("\"protocol_name\"")) {
        if (!block.contains("\"messages\"")) {
          continue;
        }
        String head = "\"protocol_name\"" + block.substring(0, block.indexOf("\"messages\""));
        String body = block.substring(block.indexOf("\"messages\""));
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(head);
        while (m.find()) {
          fields.put(m.group(1), m.group(2));
        }
        List<String[]> messages = new ArrayList<>();
        Matcher mm = FIELD.matcher(body);
        String payload = null;
        while (mm.find()) {
          switch (mm.group(1)) {
            case "payload" -> payload = mm.group(2);
            case "ciphertext" -> messages.add(new String[] {payload, mm.group(2)});
            default -> {}
          }
        }
        vectors.add(
            new Vector(
                fields.get("protocol_name"),
                fields.get("init_prologue"),
                fields.get("init_static"),
                fields.get("init_ephemeral"),
                fields.get("resp_prologue"),
                fields.get("resp_static"),
                fields.get("resp_ephemeral"),
                fields.get("handshake_hash"),
                messages));
      }
      return vectors;
    }
  }
}
