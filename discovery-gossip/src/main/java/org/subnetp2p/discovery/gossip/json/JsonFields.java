package org.subnetp2p.discovery.gossip.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of parsed JSON, strict where Python's {@code int(...)} and {@code str(...)} would
 * coerce: an integer field must be a JSON integer within a {@code long}, a string field a JSON
 * string. Error messages name the field, never its value.
 */
public final class JsonFields {
  private JsonFields() {}

  /** {@code value} as a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value, String what) throws JsonException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new JsonException(what + " must be an object");
  }

  /** The object at {@code key}. */
  public static Map<String, Object> object(Map<String, Object> in, String key)
      throws JsonException {
    return object(required(in, key), key);
  }

  /** The string at {@code key}. */
  public static String string(Map<String, Object> in, String key) throws JsonException {
    if (required(in, key) instanceof String s) {
      return s;
    }
    throw new JsonException(key + " must be a string");
  }

  /** The integer at {@code key}. */
  public static long integer(Map<String, Object> in, String key) throws JsonException {
    return integer(required(in, key), key);
  }

  /** The integer at {@code key}, or {@code absent} when the key is missing. */
  public static long integer(Map<String, Object> in, String key, long absent) throws JsonException {
    Object value = in.get(key);
    return value == null ? absent : integer(value, key);
  }

  /** The boolean at {@code key}. */
  public static boolean bool(Map<String, Object> in, String key) throws JsonException {
    if (required(in, key) instanceof Boolean b) {
      return b;
    }
    throw new JsonException(key + " must be a boolean");
  }

  /** The list of strings at {@code key}; an empty list when missing and {@code optional}. */
  public static List<String> strings(Map<String, Object> in, String key, boolean optional)
      throws JsonException {
    Object value = in.get(key);
    if (value == null && optional) {
      return List.of();
    }
    if (!(required(in, key) instanceof List<?> list)) {
      throw new JsonException(key + " must be a list");
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw new JsonException(key + " must hold strings");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** The list at {@code key}; an empty list when missing. */
  public static List<?> list(Map<String, Object> in, String key) throws JsonException {
    Object value = in.get(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new JsonException(key + " must be a list");
  }

  private static long integer(Object value, String key) throws JsonException {
    if (value instanceof BigInteger i && i.bitLength() < 64) {
      return i.longValue();
    }
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer i) {
      return i;
    }
    throw new JsonException(
        key + (value instanceof BigInteger ? " is out of range" : " must be an integer"));
  }

  private static Object required(Map<String, Object> in, String key) throws JsonException {
    Object value = in.get(key);
    if (value == null) {
      throw new JsonException("missing " + key);
    }
    return value;
  }
}
