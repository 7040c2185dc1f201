package org.subnetp2p.core.encoding;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {
  /** From the multibase test vectors (base58btc rows, prefix {@code z} removed). */
  @ParameterizedTest
  @CsvSource({
    "'Decentralize everything!!', UXE7GvtEk8XTXs1GF8HSGbVA9FCX9SEBPe",
    "'yes mani !', 7paNL19xttacUY",
    "'\u0000yes mani !', 17paNL19xttacUY",
    "'\u0000\u0000yes mani !', 117paNL19xttacUY",
  })
  void multibaseVectors(String plain, String encoded) {
    byte[] bytes = plain.getBytes(US_ASCII);
    assertThat(Base58.encode(bytes)).isEqualTo(encoded);
    assertThat(Base58.decode(encoded)).isEqualTo(bytes);
  }

  @Test
  void emptyAndAllZero() {
    assertThat(Base58.encode(new byte[0])).isEmpty();
    assertThat(Base58.decode("")).isEmpty();
    assertThat(Base58.encode(new byte[3])).isEqualTo("111");
    assertThat(Base58.decode("111")).containsExactly(0, 0, 0);
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(58);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(50)];
      random.nextBytes(bytes);
      if (bytes.length > 0 && random.nextBoolean()) {
        bytes[0] = 0;
      }
      assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @CsvSource({"Qm0, '0'", "QmO, 'O'", "QmI, 'I'", "Qml, 'l'", "'Qm ', ' '", "Qmé, 'é'"})
  void rejectsCharactersOutsideTheAlphabet(String text, String bad) {
    assertThatThrownBy(() -> Base58.decode(text))
        .isInstanceOf(EncodingException.class)
        .hasMessage("invalid base58btc character '" + bad + "' at index 2");
  }
}
