package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The binary form: layout and every way bytes can fail to be a multiaddr. */
class MultiaddrBinaryTest {
  @Test
  void layoutFollowsTheSpec() {
    // README example: /ip4/127.0.0.1/udp/1234 is 04 7f000001 9102 04d2.
    assertThat(hex(Multiaddr.parse("/ip4/127.0.0.1/udp/1234").toBytes()))
        .isEqualTo("047f000001910204d2");
    // Variable-size values are length-prefixed: dns (0x35), 11, "example.com".
    assertThat(hex(Multiaddr.parse("/dns/example.com").toBytes()))
        .isEqualTo("350b6578616d706c652e636f6d");
    // p2p (421 = a5 03), length 34, the sha2-256 multihash.
    assertThat(
            hex(Multiaddr.parse("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N").toBytes()))
        .startsWith("a503221220");
    // Zero-size protocols are just their code: ws = 477 = dd 03.
    assertThat(hex(Multiaddr.parse("/ip6/::1/tcp/80/ws").toBytes()))
        .isEqualTo("29" + "00000000000000000000000000000001" + "060050" + "dd03");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | empty multiaddr bytes",
        "04c00002 | bad multiaddr bytes: truncated ip4 value at byte 1: needs 4 bytes, 3 left",
        "047f00000106 | bad multiaddr bytes: truncated tcp value at byte 6: needs 2 bytes, 0 left",
        "047f0000010600 | bad multiaddr bytes: truncated tcp value at byte 6: needs 2 bytes, 1"
            + " left",
        "8f4e | unknown protocol code 9999 at byte 0",
        "047f000001ff01 | unknown protocol code 255 at byte 5",
        "80 | bad multiaddr bytes: input ends inside the protocol code varint at byte 0",
        "8400c0000201 | bad multiaddr bytes: non-minimal protocol code varint at byte 0",
        "ffffffff0f | bad multiaddr bytes: protocol code 4294967295 at byte 0 exceeds 2147483647",
        "8080808080808080808080 | bad multiaddr bytes: varint longer than 10 bytes: the protocol"
            + " code at byte 0",
        "350a6162 | bad multiaddr bytes: truncated dns value at byte 2: needs 10 bytes, 2 left",
        "3580 | bad multiaddr bytes: input ends inside the dns value length varint at byte 1",
        "3500 | invalid dns value of 0 bytes at byte 0",
        "35036162 | bad multiaddr bytes: truncated dns value at byte 2: needs 3 bytes, 2 left",
        "3503612f62 | invalid dns value \"a/b\": contains \"/\" at byte 0",
        "3501ff | invalid dns value: not UTF-8 at byte 0",
        "a50306130400000000 | invalid p2p value: multihash code 0x13 is not a peer id (identity"
            + " 0x00 or sha2-256 0x12) at byte 0",
        "a503021220 | invalid p2p value: multihash says 32 digest bytes but 0 follow the header at"
            + " byte 0",
      })
  void rejects(String hex, String message) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(HexFormat.of().parseHex(hex)))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage(message);
  }

  @Test
  void bytesAreCopied() {
    Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
    byte[] bytes = addr.toBytes();
    bytes[1] = 9;
    assertThat(addr.toString()).isEqualTo("/ip4/1.2.3.4/tcp/1");
    assertThat(Multiaddr.fromBytes(bytes).toString()).isEqualTo("/ip4/9.2.3.4/tcp/1");
    byte[] value = addr.components().get(0).value();
    value[0] = 9;
    assertThat(addr.components().get(0).valueText()).isEqualTo("1.2.3.4");
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
