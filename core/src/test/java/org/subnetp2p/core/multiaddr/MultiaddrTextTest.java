package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The text form, from a table of cases written from the multiaddr README (grammar {@code
 * (/<name>/<value>)+}), protocols.csv, RFC 4291/5952 for IPv6 and the peer-ids spec for p2p.
 */
class MultiaddrTextTest {
  private static final String QM = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
  private static final String QM_CID =
      "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe";
  private static final String ED = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  /** Input, then the canonical text when it differs ("=" when it is the input). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/ip4/127.0.0.1/udp/1234 | =",
        "/ip4/0.0.0.0/tcp/0 | =",
        "/ip4/255.255.255.255/tcp/65535 | =",
        "/ip4/1.2.3.4/tcp/080 | /ip4/1.2.3.4/tcp/80",
        "/ip4/10.0.0.0/ipcidr/8 | =",
        "/ip6/::1/tcp/4001 | =",
        "/ip6/::/udp/0 | =",
        "/ip6/0:0:0:0:0:0:0:1/tcp/1 | /ip6/::1/tcp/1",
        "/ip6/2001:DB8:0:0:0:0:0:1/tcp/1 | /ip6/2001:db8::1/tcp/1",
        "/ip6/2001:0db8:0000:0000:0000:ff00:0042:8329/tcp/1 | /ip6/2001:db8::ff00:42:8329/tcp/1",
        "/ip6/2001:db8:0:0:1:0:0:1/tcp/1 | /ip6/2001:db8::1:0:0:1/tcp/1",
        "/ip6/2001:db8:0:1:1:1:1:1/tcp/1 | =",
        "/ip6/1:2:3:4:5:6:7::/tcp/1 | /ip6/1:2:3:4:5:6:7:0/tcp/1",
        "/ip6/2001:db8::/tcp/1 | =",
        "/ip6/fe80::1:2:3:4/tcp/1 | =",
        "/ip6/::ffff:192.0.2.1/tcp/1 | =",
        "/ip6/::ffff:c000:0201/tcp/1 | /ip6/::ffff:192.0.2.1/tcp/1",
        "/ip6/64:ff9b::192.0.2.33/tcp/1 | /ip6/64:ff9b::c000:221/tcp/1",
        "/ip6zone/eth0/ip6/fe80::1/tcp/1 | =",
        "/dns/example.com/tcp/443/wss | =",
        "/dns4/localhost/tcp/4001/ws | =",
        "/dns6/ipv6.example/udp/443/quic-v1 | =",
        "/dns/bücher.example/tcp/1 | =",
        "/dnsaddr/bootstrap.libp2p.io/p2p/" + QM + " | =",
        "/ip4/1.2.3.4/tcp/1/p2p/" + QM + " | =",
        "/ip4/1.2.3.4/tcp/1/ipfs/" + QM + " | /ip4/1.2.3.4/tcp/1/p2p/" + QM,
        "/ip4/1.2.3.4/tcp/1/p2p/" + QM_CID + " | /ip4/1.2.3.4/tcp/1/p2p/" + QM,
        "/ip4/1.2.3.4/udp/4001/quic-v1/p2p/" + ED + " | =",
        "/ip4/1.2.3.4/udp/4001/quic | =",
        "/ip4/1.2.3.4/udp/4001/quic-v1/webtransport | =",
        "/ip4/1.2.3.4/tcp/1/p2p/" + QM + "/p2p-circuit/p2p/" + ED + " | =",
        "/p2p-circuit/p2p/" + ED + " | =",
        "/p2p/" + QM + " | =",
        "/ip4/1.2.3.4/tcp/443/tls/sni/example.com/http | =",
        "/ip4/1.2.3.4/tcp/1/noise | =",
        "/ip4/1.2.3.4/tcp/1/tls/ws | =",
        "/ip4/1.2.3.4/udp/1/webrtc-direct | =",
      })
  void parsesAndPrintsCanonically(String input, String canonical) {
    String expected = canonical.equals("=") ? input : canonical;
    Multiaddr addr = Multiaddr.parse(input);
    assertThat(addr.toString()).isEqualTo(expected);
    assertThat(Multiaddr.parse(expected)).isEqualTo(addr);
    // text -> bytes -> text
    Multiaddr decoded = Multiaddr.fromBytes(addr.toBytes());
    assertThat(decoded).isEqualTo(addr).hasSameHashCodeAs(addr);
    assertThat(decoded.toString()).isEqualTo(expected);
    assertThat(decoded.components()).isEqualTo(addr.components());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | empty multiaddr \"\"",
        "/ | empty multiaddr \"/\"",
        "ip4/1.2.3.4 | multiaddr \"ip4/1.2.3.4\" does not start with \"/\"",
        "/ip4/1.2.3.4/ | trailing \"/\" in \"/ip4/1.2.3.4/\"",
        "/ip4/1.2.3.4/tcp/1/ws/ | trailing \"/\" in \"/ip4/1.2.3.4/tcp/1/ws/\"",
        "/ip4/1.2.3.4//tcp/1 | empty protocol name in \"/ip4/1.2.3.4//tcp/1\"",
        "//ip4/1.2.3.4 | empty protocol name in \"//ip4/1.2.3.4\"",
        "/foo/1 | unknown protocol \"foo\" in \"/foo/1\"",
        "/IP4/1.2.3.4 | unknown protocol \"IP4\" in \"/IP4/1.2.3.4\"",
        "/ws/1 | unknown protocol \"1\" in \"/ws/1\"",
        "/ip4 | missing value for ip4 in \"/ip4\"",
        "/ip4/1.2.3.4/tcp | missing value for tcp in \"/ip4/1.2.3.4/tcp\"",
        "/ip4/1.2.3.4/tcp/ | missing value for tcp in \"/ip4/1.2.3.4/tcp/\"",
        "/dns//tcp/1 | missing value for dns in \"/dns//tcp/1\"",
        "/ip4/300.1.1.1 | invalid ip4 address \"300.1.1.1\" in \"/ip4/300.1.1.1\"",
        "/ip4/1.2.3 | invalid ip4 address \"1.2.3\" in \"/ip4/1.2.3\"",
        "/ip4/1.2.3.4.5 | invalid ip4 address \"1.2.3.4.5\" in \"/ip4/1.2.3.4.5\"",
        "/ip4/01.2.3.4 | invalid ip4 address \"01.2.3.4\" in \"/ip4/01.2.3.4\"",
        "/ip4/1.2.3.-4 | invalid ip4 address \"1.2.3.-4\" in \"/ip4/1.2.3.-4\"",
        "/ip4/::1 | invalid ip4 address \"::1\" in \"/ip4/::1\"",
        "/ip4/localhost | invalid ip4 address \"localhost\" in \"/ip4/localhost\"",
        "/ip6/1.2.3.4 | invalid ip6 address \"1.2.3.4\" in \"/ip6/1.2.3.4\"",
        "/ip6/1::2::3 | invalid ip6 address \"1::2::3\" in \"/ip6/1::2::3\"",
        "/ip6/::: | invalid ip6 address \":::\" in \"/ip6/:::\"",
        "/ip6/:1::2 | invalid ip6 address \":1::2\" in \"/ip6/:1::2\"",
        "/ip6/1::2: | invalid ip6 address \"1::2:\" in \"/ip6/1::2:\"",
        "/ip6/12345::1 | invalid ip6 address \"12345::1\" in \"/ip6/12345::1\"",
        "/ip6/1:2:3:4:5:6:7 | invalid ip6 address \"1:2:3:4:5:6:7\" in \"/ip6/1:2:3:4:5:6:7\"",
        "/ip6/1:2:3:4:5:6:7:8:9 | invalid ip6 address \"1:2:3:4:5:6:7:8:9\" in"
            + " \"/ip6/1:2:3:4:5:6:7:8:9\"",
        "/ip6/1:2:3:4:5:6:7::8 | invalid ip6 address \"1:2:3:4:5:6:7::8\" in"
            + " \"/ip6/1:2:3:4:5:6:7::8\"",
        "/ip6/fe80::1%eth0 | invalid ip6 address \"fe80::1%eth0\" in \"/ip6/fe80::1%eth0\"",
        "/ip6/g::1 | invalid ip6 address \"g::1\" in \"/ip6/g::1\"",
        "/ip6/::1.2.3 | invalid ip6 address \"::1.2.3\" in \"/ip6/::1.2.3\"",
        "/ip6/1.2.3.4:: | invalid ip6 address \"1.2.3.4::\" in \"/ip6/1.2.3.4::\"",
        "/ip4/1.2.3.4/tcp/65536 | tcp port out of range (0-65535): \"65536\" in"
            + " \"/ip4/1.2.3.4/tcp/65536\"",
        "/ip4/1.2.3.4/udp/99999999999999999999 | udp port out of range (0-65535):"
            + " \"99999999999999999999\" in \"/ip4/1.2.3.4/udp/99999999999999999999\"",
        "/ip4/1.2.3.4/tcp/-1 | invalid tcp port \"-1\" in \"/ip4/1.2.3.4/tcp/-1\"",
        "/ip4/1.2.3.4/tcp/+80 | invalid tcp port \"+80\" in \"/ip4/1.2.3.4/tcp/+80\"",
        "/ip4/1.2.3.4/tcp/http | invalid tcp port \"http\" in \"/ip4/1.2.3.4/tcp/http\"",
        "/ip4/1.2.3.4/ipcidr/256 | ipcidr value out of range (0-255): \"256\" in"
            + " \"/ip4/1.2.3.4/ipcidr/256\"",
        "/ip4/1.2.3.4/p2p/QmInvalid | invalid p2p value \"QmInvalid\": peer id \"QmInvalid\" is"
            + " not base58btc: invalid base58btc character 'I' at index 2 in"
            + " \"/ip4/1.2.3.4/p2p/QmInvalid\"",
        "/p2p/bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe | invalid p2p value"
            + " \"bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe\": peer id"
            + " \"bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe\" is a CID with"
            + " codec 0x70, not libp2p-key (0x72) in"
            + " \"/p2p/bafybeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe\"",
      })
  void rejectsWithAMessageNamingThePart(String input, String message) {
    assertThatThrownBy(() -> Multiaddr.parse(input))
        .isInstanceOf(MultiaddrException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
