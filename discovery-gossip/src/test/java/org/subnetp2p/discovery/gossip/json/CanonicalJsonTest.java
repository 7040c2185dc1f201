package org.subnetp2p.discovery.gossip.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer against CPython's own {@code json.dumps}: the vectors in {@code python/} were made by
 * {@code python/make_vectors.py} with the standard library.
 */
class CanonicalJsonTest {
  private static final Json.Limits LIMITS = new Json.Limits(1 << 20, 32);

  private static List<String> lines(String resource) throws IOException {
    try (var in = CanonicalJsonTest.class.getResourceAsStream("/python/" + resource);
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return new ArrayList<>(reader.lines().toList());
    }
  }

  @Test
  void everyFloatIsWrittenAsPythonsRepr() throws IOException {
    List<String> lines = lines("floats.txt");
    assertThat(lines).hasSizeGreaterThan(7000);
    List<String> wrong = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.split(" ");
      double value = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(parts[0]));
      String ours = CanonicalJson.toText(value);
      if (!ours.equals(parts[1])) {
        wrong.add(parts[0] + ": python " + parts[1] + ", ours " + ours);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void parsedDocumentsAreWrittenAsPythonWritesThem() throws IOException, JsonException {
    for (String line : lines("canonical.txt")) {
      int space = line.indexOf(' ');
      byte[] input = Base64.getDecoder().decode(line.substring(0, space));
      String expected = line.substring(space + 1);
      if (expected.equals("ERROR")) {
        assertThatThrownBy(() -> Json.parse(input, LIMITS)).isInstanceOf(JsonException.class);
      } else {
        byte[] ours = CanonicalJson.write(Json.parse(input, LIMITS));
        assertThat(new String(ours, StandardCharsets.US_ASCII)).isEqualTo(expected);
      }
    }
  }

  @Test
  void keysSortByCodePointNotByUtf16Unit() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("\uD83D\uDE00", 1); // U+1F600: after U+FFFF, though its first unit is below U+E000
    map.put("\uFFFF", 2);
    map.put("\uE000", 3);
    map.put("z", 4);

    assertThat(CanonicalJson.toText(map))
        .isEqualTo("{\"z\":4,\"\\ue000\":3,\"\\uffff\":2,\"\\ud83d\\ude00\":1}");
  }

  @Test
  void writesTheValueKindsSubnetTemplateHashes() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("int", 142L);
    map.put("big", new BigInteger("-123456789012345678901234567890"));
    map.put("float", 0.5);
    map.put("negativeZero", -0.0);
    map.put("list", List.of(true, false, JsonNull.INSTANCE, "a/b"));
    map.put("small", 7);

    assertThat(CanonicalJson.toText(map))
        .isEqualTo(
            "{\"big\":-123456789012345678901234567890,\"float\":0.5,\"int\":142,"
                + "\"list\":[true,false,null,\"a/b\"],\"negativeZero\":-0.0,\"small\":7}");
  }

  @Test
  void refusesWhatPythonRefusesWithAllowNanFalse() {
    assertThatThrownBy(() -> CanonicalJson.write(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write(Map.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write(new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
