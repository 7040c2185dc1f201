package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.subnetp2p.core.encoding.Varint;

/**
 * Runs the multiaddr spec's {@code multiaddr_test_vectors.feature}, a verbatim copy in the test
 * resources, by parsing its Gherkin: every scenario becomes a test, and a step this runner does not
 * know fails, so new vectors cannot be skipped silently.
 */
class MultiaddrSpecVectorsTest {
  private static final String RESOURCE = "/multiformats/multiaddr_test_vectors.feature";

  record Step(String text, List<Map<String, String>> table) {}

  record Scenario(String name, List<Step> steps) {}

  @TestFactory
  Stream<DynamicTest> scenarios() throws IOException {
    return parse(read()).stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
  }

  @Test
  void featureFileHasTheKnownScenarios() throws IOException {
    assertThat(parse(read()))
        .extracting(Scenario::name)
        .containsExactly("Simple string form", "Simple packed form");
  }

  private static void run(Scenario scenario) {
    Multiaddr addr = null;
    Matcher m;
    for (Step step : scenario.steps()) {
      String text = step.text();
      if ((m = match("Given the multiaddr (0x[0-9a-fA-F]+)", text)) != null) {
        addr = Multiaddr.fromBytes(unhex(m.group(1)));
      } else if ((m = match("Given the multiaddr (/\\S*)", text)) != null) {
        addr = Multiaddr.parse(m.group(1));
      } else if ((m = match("(?:Then|And) the packed form is (0x[0-9a-fA-F]+)", text)) != null) {
        assertThat(hex(addr.toBytes())).isEqualTo(m.group(1).toLowerCase());
      } else if ((m = match("(?:Then|And) the packed size is (\\d+) bytes", text)) != null) {
        assertThat(addr.toBytes()).hasSize(Integer.parseInt(m.group(1)));
      } else if ((m = match("(?:Then|And) the string form is (\\S+)", text)) != null) {
        assertThat(addr.toString()).isEqualTo(m.group(1));
        assertThat(Multiaddr.parse(m.group(1))).isEqualTo(addr);
      } else if ((m = match("(?:Then|And) the string size is (\\d+) bytes", text)) != null) {
        assertThat(addr.toString().getBytes(StandardCharsets.UTF_8))
            .hasSize(Integer.parseInt(m.group(1)));
      } else if (match("(?:Then|And) the components are:", text) != null) {
        checkComponents(addr, step.table());
      } else {
        fail("step not supported by this runner: " + text);
      }
    }
  }

  private static void checkComponents(Multiaddr addr, List<Map<String, String>> rows) {
    assertThat(addr.components()).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      Component c = addr.components().get(i);
      byte[] value = c.value();
      assertThat(row.keySet())
          .containsExactlyInAnyOrder(
              "string",
              "stringSize",
              "packed",
              "packedSize",
              "value",
              "valueSize",
              "protocol",
              "codec",
              "uvarint",
              "lengthPrefix",
              "rawValue");
      assertThat(c.toString()).isEqualTo(row.get("string"));
      assertThat(c.toString().getBytes(StandardCharsets.UTF_8))
          .hasSize(Integer.parseInt(row.get("stringSize")));
      assertThat(hex(c.toBytes())).isEqualTo(row.get("packed").toLowerCase());
      assertThat(c.toBytes()).hasSize(Integer.parseInt(row.get("packedSize")));
      assertThat(c.valueText()).isEqualTo(row.get("value"));
      assertThat(value).hasSize(Integer.parseInt(row.get("valueSize")));
      assertThat(c.protocol().protocolName()).isEqualTo(row.get("protocol"));
      assertThat(c.protocol().code()).isEqualTo(Integer.parseInt(row.get("codec")));
      assertThat(hex(Varint.encode(c.protocol().code()))).isEqualTo(row.get("uvarint"));
      String lengthPrefix = c.protocol().isVariableSize() ? hex(Varint.encode(value.length)) : "";
      assertThat(lengthPrefix).isEqualTo(row.get("lengthPrefix").toLowerCase());
      assertThat(hex(value)).isEqualTo(row.get("rawValue").toLowerCase());
    }
  }

  private static Matcher match(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.matches() ? m : null;
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static byte[] unhex(String text) {
    return HexFormat.of().parseHex(text.substring(2));
  }

  private static String read() throws IOException {
    try (InputStream in = MultiaddrSpecVectorsTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The Gherkin subset the file uses: Feature, Scenario, steps, and data tables. */
  static List<Scenario> parse(String feature) {
    List<Scenario> scenarios = new ArrayList<>();
    List<Step> steps = null;
    List<String> header = null;
    for (String raw : feature.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("Feature:")) {
        continue;
      }
      if (line.startsWith("Scenario:")) {
        steps = new ArrayList<>();
        scenarios.add(new Scenario(line.substring("Scenario:".length()).strip(), steps));
        header = null;
      } else if (line.startsWith("|")) {
        if (steps == null || steps.isEmpty()) {
          throw new IllegalArgumentException("table outside a step: " + line);
        }
        List<String> cells = cells(line);
        if (header == null) {
          header = cells;
        } else {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), cells.get(i));
          }
          steps.get(steps.size() - 1).table().add(row);
        }
      } else {
        if (steps == null) {
          throw new IllegalArgumentException("step outside a scenario: " + line);
        }
        steps.add(new Step(line, new ArrayList<>()));
        header = null;
      }
    }
    return scenarios;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.lastIndexOf('|'));
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }
}
