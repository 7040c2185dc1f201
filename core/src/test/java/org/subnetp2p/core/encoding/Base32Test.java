package org.subnetp2p.core.encoding;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {
  /** RFC 4648 §10 test vectors, lower case and without padding. */
  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "f, my",
    "fo, mzxq",
    "foo, mzxw6",
    "foob, mzxw6yq",
    "fooba, mzxw6ytb",
    "foobar, mzxw6ytboi",
  })
  void rfc4648Vectors(String plain, String encoded) {
    byte[] bytes = plain.getBytes(US_ASCII);
    assertThat(Base32.encode(bytes)).isEqualTo(encoded);
    assertThat(Base32.decode(encoded)).isEqualTo(bytes);
  }

  @Test
  void decodesAnyCase() {
    assertThat(Base32.decode("MZXW6YTBOI")).isEqualTo("foobar".getBytes(US_ASCII));
    assertThat(Base32.decode("mZxW6yTbOi")).isEqualTo("foobar".getBytes(US_ASCII));
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(32);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      String text = Base32.encode(bytes);
      assertThat(text).isEqualTo(text.toLowerCase(Locale.ROOT)).doesNotContain("=");
      assertThat(Base32.decode(text)).isEqualTo(bytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"m", "mzx", "mzxw6y"})
  void rejectsLengthsNoByteCountProduces(String text) {
    assertThatThrownBy(() -> Base32.decode(text))
        .isInstanceOf(EncodingException.class)
        .hasMessage("invalid base32 length " + text.length());
  }

  @Test
  void rejectsPaddingAndForeignCharacters() {
    assertThatThrownBy(() -> Base32.decode("my======"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("invalid base32 character '=' at index 2");
    assertThatThrownBy(() -> Base32.decode("m1"))
        .isInstanceOf(EncodingException.class)
        .hasMessage("invalid base32 character '1' at index 1");
  }

  @Test
  void rejectsNonZeroTrailingBits() {
    // "my" is 'f'; "mz" sets the lowest of the two unused bits.
    assertThatThrownBy(() -> Base32.decode("mz"))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("non-zero bits");
  }
}
