package org.subnetp2p.core.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;

class MultiaddrOperationsTest {
  private static final PeerId RELAY =
      PeerId.fromString("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  private static final PeerId PEER =
      PeerId.fromString("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");

  private static Multiaddr ma(String text) {
    return Multiaddr.parse(text);
  }

  @Test
  void peerIdIsTheLastP2pComponent() {
    assertThat(ma("/ip4/1.2.3.4/tcp/1/p2p/" + PEER).peerId()).contains(PEER);
    assertThat(ma("/p2p/" + PEER).peerId()).contains(PEER);
    assertThat(ma("/ip4/1.2.3.4/tcp/1").peerId()).isEmpty();
    assertThat(ma("/ip4/1.2.3.4/tcp/1/p2p/" + RELAY + "/p2p-circuit/p2p/" + PEER).peerId())
        .contains(PEER);
  }

  @Test
  void aRelayAddressWithoutDestinationNamesNoPeer() {
    Multiaddr relayed = ma("/ip4/1.2.3.4/tcp/1/p2p/" + RELAY + "/p2p-circuit");
    assertThat(relayed.peerId()).isEmpty();
    assertThat(relayed.withoutPeerId()).isSameAs(relayed);
    assertThat(relayed.withPeerId(PEER).toString())
        .isEqualTo("/ip4/1.2.3.4/tcp/1/p2p/" + RELAY + "/p2p-circuit/p2p/" + PEER);
  }

  @Test
  void withPeerId() {
    Multiaddr base = ma("/ip4/1.2.3.4/udp/1/quic-v1");
    Multiaddr withPeer = base.withPeerId(PEER);
    assertThat(withPeer.toString()).isEqualTo("/ip4/1.2.3.4/udp/1/quic-v1/p2p/" + PEER);
    assertThat(withPeer.withPeerId(PEER)).isEqualTo(withPeer);

    PeerId other = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    assertThatThrownBy(() -> withPeer.withPeerId(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiaddr " + withPeer + " already names peer " + PEER + ", not " + other);
  }

  @Test
  void withoutPeerId() {
    Multiaddr base = ma("/ip4/1.2.3.4/tcp/1");
    assertThat(base.withPeerId(PEER).withoutPeerId()).isEqualTo(base);
    assertThat(base.withoutPeerId()).isSameAs(base);
    assertThat(
            ma("/ip4/1.2.3.4/tcp/1/p2p/" + RELAY + "/p2p-circuit/p2p/" + PEER)
                .withoutPeerId()
                .toString())
        .isEqualTo("/ip4/1.2.3.4/tcp/1/p2p/" + RELAY + "/p2p-circuit");
    assertThatThrownBy(() -> ma("/p2p/" + PEER).withoutPeerId())
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("multiaddr /p2p/" + PEER + " is nothing but a peer id");
  }

  @Test
  void encapsulateAppends() {
    assertThat(ma("/ip4/1.2.3.4/tcp/1").encapsulate(ma("/tls/ws")).toString())
        .isEqualTo("/ip4/1.2.3.4/tcp/1/tls/ws");
    assertThat(ma("/ip4/1.2.3.4/tcp/1").encapsulate(ma("/ws")))
        .isEqualTo(ma("/ip4/1.2.3.4/tcp/1/ws"));
  }

  @Test
  void decapsulateCutsAtTheLastOccurrence() {
    Multiaddr addr = ma("/ip4/1.1.1.1/tcp/1/ws/ip4/2.2.2.2/tcp/1/ws");
    assertThat(addr.decapsulate(ma("/tcp/1/ws")).toString())
        .isEqualTo("/ip4/1.1.1.1/tcp/1/ws/ip4/2.2.2.2");
    assertThat(addr.decapsulate(ma("/ip4/2.2.2.2")).toString()).isEqualTo("/ip4/1.1.1.1/tcp/1/ws");
    assertThat(ma("/ip4/1.2.3.4/tcp/1/p2p/" + PEER).decapsulate(ma("/p2p/" + PEER)).toString())
        .isEqualTo("/ip4/1.2.3.4/tcp/1");
    // Values matter: /tcp/2 does not occur.
    Multiaddr tcp = ma("/ip4/1.2.3.4/tcp/1");
    assertThat(tcp.decapsulate(ma("/tcp/2"))).isSameAs(tcp);
    assertThat(tcp.decapsulate(ma("/ip4/1.2.3.4/tcp/1/ws"))).isSameAs(tcp);
  }

  @Test
  void decapsulatingEverythingIsAnError() {
    assertThatThrownBy(() -> ma("/ip4/1.2.3.4/tcp/1").decapsulate(ma("/ip4/1.2.3.4")))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage(
            "decapsulating /ip4/1.2.3.4 from /ip4/1.2.3.4/tcp/1 would leave an empty multiaddr");
  }

  @Test
  void valueOfAndHas() {
    Multiaddr addr = ma("/dns4/example.com/tcp/443/tls/ws/p2p/" + PEER);
    assertThat(addr.valueOf(Protocol.DNS4)).contains("example.com");
    assertThat(addr.valueOf(Protocol.TCP)).contains("443");
    assertThat(addr.valueOf(Protocol.P2P)).contains(PEER.toString());
    assertThat(addr.valueOf(Protocol.TLS)).contains("");
    assertThat(addr.valueOf(Protocol.UDP)).isEmpty();
    assertThat(addr.has(Protocol.WS)).isTrue();
    assertThat(addr.has(Protocol.WSS)).isFalse();
    assertThat(ma("/ip4/1.1.1.1/tcp/1/ip4/2.2.2.2/tcp/2").valueOf(Protocol.IP4))
        .contains("1.1.1.1");
  }

  @Test
  void fromInetSocketAddress() throws Exception {
    assertThat(
            Multiaddr.fromInetSocketAddress(
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 4001)))
        .isEqualTo(ma("/ip4/10.0.0.1/tcp/4001"));
    assertThat(
            Multiaddr.fromInetSocketAddress(new InetSocketAddress(InetAddress.getByName("::1"), 0)))
        .isEqualTo(ma("/ip6/::1/tcp/0"));
    byte[] linkLocal = ma("/ip6/fe80::1").components().get(0).value();
    assertThat(
            Multiaddr.fromInetSocketAddress(
                new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 80)))
        .isEqualTo(ma("/ip6zone/3/ip6/fe80::1/tcp/80"));
    assertThatThrownBy(
            () ->
                Multiaddr.fromInetSocketAddress(
                    InetSocketAddress.createUnresolved("example.com", 80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unresolved socket address");
  }

  @Test
  void componentsAndEquality() {
    Multiaddr addr = ma("/ip4/1.2.3.4/tcp/1/ws");
    assertThat(addr.components())
        .containsExactly(
            Component.of(Protocol.IP4, "1.2.3.4"),
            Component.of(Protocol.TCP, "1"),
            Component.of(Protocol.WS));
    assertThatThrownBy(() -> addr.components().add(Component.of(Protocol.WS)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(Multiaddr.of(addr.components())).isEqualTo(addr).hasSameHashCodeAs(addr);
    assertThat(addr).isNotEqualTo(ma("/ip4/1.2.3.4/tcp/2/ws"));
    assertThatThrownBy(() -> Multiaddr.of(List.of()))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("a multiaddr needs at least one component");
  }

  @Test
  void componentFactoriesValidate() {
    assertThat(Component.of(Protocol.TCP, "443").value()).containsExactly(0x01, 0xbb);
    assertThat(Component.of(Protocol.TCP, "443").toString()).isEqualTo("/tcp/443");
    assertThat(Component.of(Protocol.WS).valueText()).isEmpty();
    assertThat(Component.fromValueBytes(Protocol.IP4, new byte[] {1, 2, 3, 4}).valueText())
        .isEqualTo("1.2.3.4");
    assertThatThrownBy(() -> Component.of(Protocol.TCP))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("missing value for tcp");
    assertThatThrownBy(() -> Component.of(Protocol.WS, "1"))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("ws takes no value, got \"1\"");
    assertThatThrownBy(() -> Component.fromValueBytes(Protocol.IP4, new byte[3]))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("invalid ip4 value of 3 bytes");
    assertThatThrownBy(() -> Component.fromValueBytes(Protocol.WS, new byte[1]))
        .isInstanceOf(MultiaddrException.class)
        .hasMessage("ws takes no value, got 1 bytes");
  }
}
