package org.subnetp2p.core.multiaddr;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocols this implementation understands, with the codes, value sizes and names of
 * the multiaddr protocol table ({@code protocols.csv}). A protocol not listed here cannot be parsed
 * in either form: the binary form gives no way to skip a value of unknown size.
 */
public enum Protocol {
  /** IPv4 address. */
  IP4(4, "ip4", 32, ValueCodecs.IP4),
  /** TCP port. */
  TCP(6, "tcp", 16, ValueCodecs.UNSIGNED),
  /** DCCP port. */
  DCCP(33, "dccp", 16, ValueCodecs.UNSIGNED),
  /** IPv6 address. */
  IP6(41, "ip6", 128, ValueCodecs.IP6),
  /** RFC 4007 IPv6 zone, which precedes the ip6 component it scopes. */
  IP6ZONE(42, "ip6zone", Protocol.VARIABLE, ValueCodecs.NAME),
  /** CIDR prefix length for the preceding IP address. */
  IPCIDR(43, "ipcidr", 8, ValueCodecs.UNSIGNED),
  /** Domain name resolvable to both IPv6 and IPv4 addresses. */
  DNS(53, "dns", Protocol.VARIABLE, ValueCodecs.NAME),
  /** Domain name resolvable only to IPv4 addresses. */
  DNS4(54, "dns4", Protocol.VARIABLE, ValueCodecs.NAME),
  /** Domain name resolvable only to IPv6 addresses. */
  DNS6(55, "dns6", Protocol.VARIABLE, ValueCodecs.NAME),
  /** Domain name whose TXT records hold multiaddrs. */
  DNSADDR(56, "dnsaddr", Protocol.VARIABLE, ValueCodecs.NAME),
  /** SCTP port. */
  SCTP(132, "sctp", 16, ValueCodecs.UNSIGNED),
  /** UDP port. */
  UDP(273, "udp", 16, ValueCodecs.UNSIGNED),
  /** Deprecated WebRTC star signalling. */
  P2P_WEBRTC_STAR(275, "p2p-webrtc-star", 0, ValueCodecs.NONE),
  /** Deprecated WebRTC direct. */
  P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", 0, ValueCodecs.NONE),
  /** Deprecated stardust. */
  P2P_STARDUST(277, "p2p-stardust", 0, ValueCodecs.NONE),
  /** WebRTC without a STUN server, ICE-lite. */
  WEBRTC_DIRECT(280, "webrtc-direct", 0, ValueCodecs.NONE),
  /** WebRTC as the W3C specifies connection establishment. */
  WEBRTC(281, "webrtc", 0, ValueCodecs.NONE),
  /** Circuit relay: what precedes is the relay, what follows the destination. */
  P2P_CIRCUIT(290, "p2p-circuit", 0, ValueCodecs.NONE),
  /** UDT. */
  UDT(301, "udt", 0, ValueCodecs.NONE),
  /** uTP. */
  UTP(302, "utp", 0, ValueCodecs.NONE),
  /** A peer id; the text name {@code ipfs} is accepted as an alias. */
  P2P(421, "p2p", Protocol.VARIABLE, ValueCodecs.PEER_ID),
  /** Deprecated alias for {@code /tls/http}. */
  HTTPS(443, "https", 0, ValueCodecs.NONE),
  /** TLS. */
  TLS(448, "tls", 0, ValueCodecs.NONE),
  /** TLS Server Name Indication (RFC 6066 §3). */
  SNI(449, "sni", Protocol.VARIABLE, ValueCodecs.NAME),
  /** The Noise security handshake. */
  NOISE(454, "noise", 0, ValueCodecs.NONE),
  /** QUIC draft-29. */
  QUIC(460, "quic", 0, ValueCodecs.NONE),
  /** QUIC version 1 (RFC 9000). */
  QUIC_V1(461, "quic-v1", 0, ValueCodecs.NONE),
  /** WebTransport. */
  WEBTRANSPORT(465, "webtransport", 0, ValueCodecs.NONE),
  /** WebSockets. */
  WS(477, "ws", 0, ValueCodecs.NONE),
  /** Deprecated alias for {@code /tls/ws}. */
  WSS(478, "wss", 0, ValueCodecs.NONE),
  /** Deprecated websocket star. */
  P2P_WEBSOCKET_STAR(479, "p2p-websocket-star", 0, ValueCodecs.NONE),
  /** HTTP. */
  HTTP(480, "http", 0, ValueCodecs.NONE);

  /** The {@link #sizeBits()} of a protocol whose value is length-prefixed. */
  public static final int VARIABLE = -1;

  private static final Map<String, Protocol> BY_NAME = new HashMap<>();
  private static final Map<Integer, Protocol> BY_CODE = new HashMap<>();

  static {
    for (Protocol protocol : values()) {
      BY_NAME.put(protocol.protocolName, protocol);
      BY_CODE.put(protocol.code, protocol);
    }
    BY_NAME.put("ipfs", P2P); // the legacy name; code 421 as well
  }

  private final int code;
  private final String protocolName;
  private final int sizeBits;
  private final ValueCodec codec;

  Protocol(int code, String protocolName, int sizeBits, ValueCodec codec) {
    this.code = code;
    this.protocolName = protocolName;
    this.sizeBits = sizeBits;
    this.codec = codec;
  }

  /** The multicodec code, written as a varint before the value in the binary form. */
  public int code() {
    return code;
  }

  /** The text name, as between the slashes of the text form. */
  public String protocolName() {
    return protocolName;
  }

  /** The value size in bits: 0 for no value, {@link #VARIABLE} for a length-prefixed value. */
  public int sizeBits() {
    return sizeBits;
  }

  /** Whether components of this protocol carry a value. */
  public boolean hasValue() {
    return sizeBits != 0;
  }

  /** Whether the value is length-prefixed in the binary form. */
  public boolean isVariableSize() {
    return sizeBits == VARIABLE;
  }

  ValueCodec codec() {
    return codec;
  }

  /** The protocol with text name {@code name} (including the alias {@code ipfs} for p2p). */
  public static Optional<Protocol> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The protocol with multicodec code {@code code}. */
  public static Optional<Protocol> forCode(int code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The text name. */
  @Override
  public String toString() {
    return protocolName;
  }
}
