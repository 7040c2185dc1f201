package org.subnetp2p.transport.tcp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.subnetp2p.core.multiaddr.Multiaddr;

/** Converts between TCP multiaddrs and socket addresses. */
public final class TcpAddresses {
  private TcpAddresses() {}

  /** The parts of a TCP multiaddr that matter for a socket. */
  public record Target(String hostProtocol, String host, int port) {}

  /**
   * Reads {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>]}.
   *
   * @throws IllegalArgumentException naming what is unsupported, e.g. a UDP or relayed address
   */
  public static Target parse(Multiaddr address) {
    String[] parts = address.withoutPeerId().toString().split("/");
    // "", proto, host, "tcp", port
    if (parts.length != 5 || !"tcp".equals(parts[3])) {
      throw new IllegalArgumentException(
          "not a TCP address this transport can use: "
              + address
              + " (expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>)");
    }
    String proto = parts[1];
    if (!List.of("ip4", "ip6", "dns", "dns4", "dns6").contains(proto)) {
      throw new IllegalArgumentException(
          "unsupported network protocol " + proto + " in " + address);
    }
    return new Target(proto, parts[2], Integer.parseInt(parts[4]));
  }

  /** The socket address to bind for a listen multiaddr. */
  public static InetSocketAddress bindAddress(Multiaddr address) throws UnknownHostException {
    Target t = parse(address);
    if (t.hostProtocol().startsWith("dns")) {
      throw new IllegalArgumentException("listen on an IP address, not a DNS name: " + address);
    }
    return new InetSocketAddress(InetAddress.getByName(t.host()), t.port());
  }

  /** The socket address to dial, resolving DNS names (dns4 to IPv4 only, dns6 to IPv6 only). */
  public static InetSocketAddress dialAddress(Multiaddr address) throws UnknownHostException {
    Target t = parse(address);
    InetAddress ip =
        switch (t.hostProtocol()) {
          case "dns4" -> first(t.host(), Inet4Address.class);
          case "dns6" -> first(t.host(), Inet6Address.class);
          default -> InetAddress.getByName(t.host());
        };
    return new InetSocketAddress(ip, t.port());
  }

  private static InetAddress first(String name, Class<? extends InetAddress> family)
      throws UnknownHostException {
    for (InetAddress a : InetAddress.getAllByName(name)) {
      if (family.isInstance(a)) {
        return a;
      }
    }
    throw new UnknownHostException(
        name + " has no " + (family == Inet4Address.class ? "IPv4" : "IPv6") + " address");
  }

  /** The multiaddr of a socket address. */
  public static Multiaddr of(InetSocketAddress address) {
    return Multiaddr.fromInetSocketAddress(address);
  }

  /**
   * The addresses others can dial for a socket bound to {@code bound}: the wildcard address expands
   * to each interface address of its family, loopback included.
   */
  public static List<Multiaddr> dialable(InetSocketAddress bound) throws SocketException {
    InetAddress ip = bound.getAddress();
    if (!ip.isAnyLocalAddress()) {
      return List.of(of(bound));
    }
    List<Multiaddr> out = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        boolean sameFamily = (a instanceof Inet4Address) == (ip instanceof Inet4Address);
        if (sameFamily && !a.isLinkLocalAddress()) {
          out.add(of(new InetSocketAddress(a, bound.getPort())));
        }
      }
    }
    return out;
  }
}
