package org.subnetp2p.discovery.gossip.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser into plain values: {@code Map<String, Object>} for objects, {@code
 * List<Object>} for arrays, {@link String}, {@link BigInteger} for numbers without fraction or
 * exponent (Python's {@code int}), {@link Double} for the others (Python's {@code float}), {@link
 * Boolean} and {@link JsonNull}.
 *
 * <p>It accepts what Python's {@code json.loads} accepts and subnet-template can hash, and refuses
 * the rest up front: input that is not strict UTF-8 (overlong forms, encoded surrogates), more than
 * {@link Limits#maxBytes()} bytes, nesting deeper than {@link Limits#maxDepth()}, numbers longer
 * than 100 characters or out of a double's range, {@code NaN} and {@code Infinity}, duplicate keys,
 * trailing data.
 */
public final class Json {
  private static final int MAX_NUMBER_CHARS = 100;

  private Json() {}

  /** How much input one parse accepts. Holds its configured parser factory; share instances. */
  public static final class Limits {
    private final int maxBytes;
    private final int maxDepth;
    private final JsonFactory factory;

    /**
     * @param maxBytes the largest document accepted, in bytes
     * @param maxDepth the deepest nesting of objects and arrays accepted
     */
    public Limits(int maxBytes, int maxDepth) {
      if (maxBytes <= 0 || maxDepth <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
      this.maxBytes = maxBytes;
      this.maxDepth = maxDepth;
      this.factory =
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxDocumentLength(maxBytes)
                      .maxStringLength(maxBytes)
                      .maxNameLength(maxBytes)
                      .maxNestingDepth(maxDepth)
                      .maxNumberLength(MAX_NUMBER_CHARS)
                      .build())
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build();
    }

    /** The largest document accepted, in bytes. */
    public int maxBytes() {
      return maxBytes;
    }

    /** The deepest nesting accepted. */
    public int maxDepth() {
      return maxDepth;
    }
  }

  /**
   * Parses one JSON document.
   *
   * @throws JsonException naming what is wrong, without quoting the input
   */
  public static Object parse(byte[] utf8, Limits limits) throws JsonException {
    if (utf8.length > limits.maxBytes) {
      throw new JsonException(
          "document of " + utf8.length + " bytes exceeds the limit of " + limits.maxBytes);
    }
    String text = strictUtf8(utf8);
    try (JsonParser parser = limits.factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonException("empty document");
      }
      Object value = readValue(parser, first);
      if (parser.nextToken() != null) {
        throw new JsonException("extra data after the document");
      }
      return value;
    } catch (JacksonException e) {
      throw new JsonException("malformed JSON: " + summary(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new JsonException("malformed JSON: " + summary(e.getMessage()));
    }
  }

  private static String strictUtf8(byte[] bytes) throws JsonException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JsonException("not valid UTF-8");
    }
  }

  // Recursion is bounded by the factory's nesting limit, checked as each container opens.
  private static Object readValue(JsonParser parser, JsonToken token)
      throws IOException, JsonException {
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getBigIntegerValue();
      case VALUE_NUMBER_FLOAT -> finite(parser.getDoubleValue());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> JsonNull.INSTANCE;
      default -> throw new JsonException("unexpected token " + token);
    };
  }

  private static Map<String, Object> readObject(JsonParser parser)
      throws IOException, JsonException {
    Map<String, Object> object = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      object.put(name, readValue(parser, parser.nextToken()));
    }
    if (token != JsonToken.END_OBJECT) {
      throw new JsonException("unterminated object");
    }
    return object;
  }

  private static List<Object> readArray(JsonParser parser) throws IOException, JsonException {
    List<Object> array = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new JsonException("unterminated array");
      }
      array.add(readValue(parser, token));
    }
    return array;
  }

  private static Double finite(double value) throws JsonException {
    if (!Double.isFinite(value)) {
      throw new JsonException("number out of range");
    }
    return value;
  }

  // Parser messages may quote a token of the input: keep them short and printable.
  private static String summary(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.lines().findFirst().orElse("");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length() && out.length() < 80; i++) {
      char c = line.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
