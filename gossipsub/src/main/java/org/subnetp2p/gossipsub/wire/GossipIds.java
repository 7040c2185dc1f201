package org.subnetp2p.gossipsub.wire;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Message ids as they travel in IHAVE and IWANT: raw bytes for most peers, lowercase hex text for
 * py-libp2p's {@code /meshsub/2.0.0}. Ids from anyone are read in both forms.
 */
public final class GossipIds {
  private static final HexFormat HEX = HexFormat.of();

  private GossipIds() {}

  /** How {@code id} is written in gossip to a peer speaking {@code protocol}. */
  public static ByteString encode(ByteString id, Protocol protocol) {
    if (!protocol.hexGossipIds()) {
      return id;
    }
    return ByteString.copyFrom(HEX.formatHex(id.toByteArray()), StandardCharsets.US_ASCII);
  }

  /**
   * The raw id a hex-written {@code wire} id stands for, or {@code null} if it is not lowercase or
   * uppercase hex text of whole bytes (then it can only be a raw id).
   */
  public static ByteString decodeHex(ByteString wire) {
    int n = wire.size();
    if (n == 0 || (n & 1) != 0) {
      return null;
    }
    byte[] out = new byte[n / 2];
    for (int i = 0; i < n; i += 2) {
      int hi = Character.digit(wire.byteAt(i), 16);
      int lo = Character.digit(wire.byteAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i / 2] = (byte) ((hi << 4) | lo);
    }
    return ByteString.copyFrom(out);
  }
}
