package org.subnetp2p.discovery.gossip.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON exactly as subnet-template's {@code CanonicalJSONSerializer} does, that is Python's
 * {@code json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
 * allow_nan=False)}: object keys sorted by code point, no whitespace, every character outside
 * {@code ' '..'~'} escaped as {@code \\uxxxx} (lower-case hex, UTF-16 units, so astral characters
 * become surrogate pairs), the short escapes {@code \\" \\\\ \\b \\f \\n \\r \\t}, {@code /} as is,
 * integers in full and floats as Python's {@code repr}.
 *
 * <p>Accepts the values {@link Json} produces, plus {@link Long} and {@link Integer}.
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Orders strings by Unicode code point, as Python sorts {@code str}. */
  public static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

  private CanonicalJson() {}

  /**
   * The canonical bytes of {@code value} (ASCII, so also its UTF-8).
   *
   * @throws IllegalArgumentException for a value JSON cannot hold: NaN, infinities, a non-string
   *     key, an unsupported type
   */
  public static byte[] write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value);
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The canonical text of {@code value}. */
  public static String toText(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case String s -> appendString(out, s);
      case Map<?, ?> map -> appendObject(out, map);
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      case BigInteger i -> out.append(i);
      case Long l -> out.append(l.longValue());
      case Integer i -> out.append(i.intValue());
      case Double d -> out.append(PythonFloats.repr(d));
      case Boolean b -> out.append(b ? "true" : "false");
      case JsonNull n -> out.append("null");
      case null -> throw new IllegalArgumentException("null is written as JsonNull.INSTANCE");
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getClass().getSimpleName());
    }
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String s)) {
        throw new IllegalArgumentException("JSON object keys must be strings");
      }
      keys.add(s);
    }
    keys.sort(CODE_POINT_ORDER);
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(out, keys.get(i));
      out.append(':');
      append(out, map.get(keys.get(i)));
    }
    out.append('}');
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
