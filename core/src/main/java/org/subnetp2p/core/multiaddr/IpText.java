package org.subnetp2p.core.multiaddr;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals, parsed and printed without {@link java.net.InetAddress}, which would resolve
 * anything that is not a literal through DNS and accepts forms the multiaddr text must not
 * (octal-looking IPv4 parts, IPv6 zones).
 */
final class IpText {
  private IpText() {}

  /** Dotted-decimal IPv4: four parts, each 0-255 without leading zeros; null if invalid. */
  static byte @Nullable [] parseIp4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  static String formatIp4(byte[] address) {
    return (address[0] & 0xFF)
        + "."
        + (address[1] & 0xFF)
        + "."
        + (address[2] & 0xFF)
        + "."
        + (address[3] & 0xFF);
  }

  /**
   * RFC 4291 §2.2 text: eight groups of 1-4 hex digits, at most one {@code ::} standing for one or
   * more zero groups, optionally ending in dotted IPv4; null if invalid.
   */
  static byte @Nullable [] parseIp6(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    List<Integer> head;
    List<Integer> tail;
    if (gap < 0) {
      head = groups(text, true);
      tail = List.of();
      if (head == null || head.size() != 8) {
        return null;
      }
    } else {
      head = groups(text.substring(0, gap), false);
      tail = groups(text.substring(gap + 2), true);
      if (head == null || tail == null || head.size() + tail.size() > 7) {
        return null;
      }
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.size(); i++) {
      putGroup(out, i, head.get(i));
    }
    for (int i = 0; i < tail.size(); i++) {
      putGroup(out, 8 - tail.size() + i, tail.get(i));
    }
    return out;
  }

  /** The colon-separated groups of {@code part}; an IPv4 tail counts as two; null if invalid. */
  private static @Nullable List<Integer> groups(String part, boolean ipv4TailAllowed) {
    List<Integer> out = new ArrayList<>();
    if (part.isEmpty()) {
      return out;
    }
    String[] pieces = part.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (ipv4TailAllowed && i == pieces.length - 1 && piece.indexOf('.') >= 0) {
        byte[] ip4 = parseIp4(piece);
        if (ip4 == null) {
          return null;
        }
        out.add(((ip4[0] & 0xFF) << 8) | (ip4[1] & 0xFF));
        out.add(((ip4[2] & 0xFF) << 8) | (ip4[3] & 0xFF));
        continue;
      }
      if (piece.isEmpty() || piece.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < piece.length(); j++) {
        int digit = hexDigit(piece.charAt(j));
        if (digit < 0) {
          return null;
        }
        value = (value << 4) | digit;
      }
      out.add(value);
    }
    return out;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static void putGroup(byte[] out, int index, int group) {
    out[2 * index] = (byte) (group >>> 8);
    out[2 * index + 1] = (byte) group;
  }

  /**
   * The RFC 5952 canonical text: lower case, no leading zeros, the longest run of two or more zero
   * groups (the first, on a tie) as {@code ::}, and IPv4-mapped addresses as {@code ::ffff:a.b.c.d}
   * (§5).
   */
  static String formatIp6(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
    }
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xFFFF) {
      return "::ffff:" + formatIp4(new byte[] {address[12], address[13], address[14], address[15]});
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is never compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
