package org.subnetp2p.discovery.gossip.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  private static final Json.Limits LIMITS = new Json.Limits(4096, 8);

  private static Object parse(String text) throws JsonException {
    return Json.parse(text.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  @Test
  void parsesIntoPlainValuesTellingIntsFromFloats() throws JsonException {
    Object value = parse(" {\"a\":[1,1.0,-0,2e3,\"x\",true,null],\"b\":{}} ");

    assertThat(value).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) ((Map<?, ?>) value).get("a");
    assertThat(a)
        .containsExactly(
            BigInteger.ONE, 1.0, BigInteger.ZERO, 2000.0, "x", true, JsonNull.INSTANCE);
  }

  @Test
  void acceptsLoneSurrogateEscapesAsPythonDoes() throws JsonException {
    assertThat(parse("\"\\ud800\"")).isEqualTo("\uD800");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[1,]",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1} x",
        "[1][2]",
        "NaN",
        "[Infinity]",
        "[-Infinity]",
        "1e400",
        "-1e400",
        "01",
        "[\"tab\there\"]",
        "{'a':1}",
        "[1 2]",
        "\"\\x41\""
      })
  void refusesWhatIsNotStrictJson(String text) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(JsonException.class);
  }

  @Test
  void refusesHugeNumbers() {
    assertThatThrownBy(() -> parse("1" + "0".repeat(100))).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> parse("0." + "1".repeat(120))).isInstanceOf(JsonException.class);
  }

  @Test
  void refusesNestingDeeperThanTheLimit() throws JsonException {
    assertThat(parse("[".repeat(8) + "]".repeat(8))).isInstanceOf(List.class);
    assertThatThrownBy(() -> parse("[".repeat(9) + "]".repeat(9)))
        .isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> parse("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)))
        .isInstanceOf(JsonException.class);
  }

  @Test
  void refusesDocumentsOverTheSizeLimitBeforeParsing() {
    byte[] big = ("\"" + "a".repeat(5000) + "\"").getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Json.parse(big, LIMITS))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void refusesInvalidUtf8AsPythonsStrictDecoderDoes() {
    byte[][] bad = {
      {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // an encoded surrogate
      {'"', (byte) 0x80, '"'}, // a lone continuation byte
      {'"', (byte) 0xE2, (byte) 0x82, '"'}, // truncated
      {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
      {'"', (byte) 0xFF, '"'}
    };
    for (byte[] input : bad) {
      assertThatThrownBy(() -> Json.parse(input, LIMITS))
          .isInstanceOf(JsonException.class)
          .hasMessage("not valid UTF-8");
    }
  }

  @Test
  void errorMessagesNeverQuoteLongInput() {
    String secret = "z".repeat(3000);

    assertThatThrownBy(() -> parse("[" + secret + "]"))
        .isInstanceOf(JsonException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
  }
}
