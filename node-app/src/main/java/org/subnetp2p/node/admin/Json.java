package org.subnetp2p.node.admin;

import java.util.Collection;

/** Just enough JSON writing for the admin endpoint and the CLI: strings and arrays of strings. */
public final class Json {
  private Json() {}

  /** {@code s} as a JSON string literal, quotes included. */
  public static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code items} as a JSON array of strings. */
  public static String strings(Collection<String> items) {
    StringBuilder out = new StringBuilder("[");
    for (String item : items) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(string(item));
    }
    return out.append(']').toString();
  }
}
