package org.subnetp2p.core.multiaddr;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.encoding.ByteReader;
import org.subnetp2p.core.encoding.EncodingException;
import org.subnetp2p.core.encoding.VarintException;
import org.subnetp2p.core.identity.PeerId;

/**
 * A multiaddr: a non-empty sequence of {@link Component}s, e.g. {@code /ip4/192.0.2.42/tcp/443}.
 * Immutable; equal when the binary forms are.
 *
 * <p>The text grammar is {@code (/<protocol>/<value>)+}, where protocols without a value have no
 * value segment. Parsing is strict: no empty multiaddr ({@code ""} or {@code "/"}), no trailing
 * {@code /}, no empty segments. {@link #toString()} prints the canonical text (lower-case RFC 5952
 * IPv6, base58btc peer ids, {@code p2p} rather than {@code ipfs}).
 */
public final class Multiaddr {
  private final List<Component> components;
  private final byte[] bytes;
  private @Nullable String text; // cached; racy but idempotent

  @SuppressWarnings("NullableOptional") // null: not computed yet
  private @Nullable Optional<PeerId> peerId; // cached; racy but idempotent

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component component : this.components) {
      component.writeTo(out);
    }
    this.bytes = out.toByteArray();
  }

  /**
   * A multiaddr of the given components.
   *
   * @throws MultiaddrException if {@code components} is empty
   */
  public static Multiaddr of(List<Component> components) {
    if (components.isEmpty()) {
      throw new MultiaddrException("a multiaddr needs at least one component");
    }
    return new Multiaddr(components);
  }

  /**
   * Parses the text form.
   *
   * @throws MultiaddrException naming the offending part, e.g. {@code unknown protocol "foo" in
   *     "/foo/1"}
   */
  public static Multiaddr parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.equals("/")) {
      throw new MultiaddrException("empty multiaddr \"" + text + "\"");
    }
    if (!text.startsWith("/")) {
      throw new MultiaddrException("multiaddr \"" + text + "\" does not start with \"/\"");
    }
    String[] segments = text.substring(1).split("/", -1);
    List<Component> components = new ArrayList<>();
    int i = 0;
    while (i < segments.length) {
      String name = segments[i++];
      if (name.isEmpty()) {
        throw new MultiaddrException(
            (i == segments.length ? "trailing \"/\"" : "empty protocol name")
                + " in \""
                + text
                + "\"");
      }
      Protocol protocol =
          Protocol.forName(name)
              .orElseThrow(
                  () ->
                      new MultiaddrException(
                          "unknown protocol \"" + name + "\" in \"" + text + "\""));
      if (!protocol.hasValue()) {
        components.add(Component.of(protocol));
        continue;
      }
      if (i == segments.length || segments[i].isEmpty()) {
        throw new MultiaddrException("missing value for " + protocol + " in \"" + text + "\"");
      }
      try {
        components.add(Component.of(protocol, segments[i++]));
      } catch (MultiaddrException e) {
        throw new MultiaddrException(e.getMessage() + " in \"" + text + "\"", e);
      }
    }
    return new Multiaddr(components);
  }

  /**
   * Decodes the binary form.
   *
   * @throws MultiaddrException naming the offending part and its byte offset: an unknown protocol
   *     code, a bad varint, a truncated or invalid value
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    if (bytes.length == 0) {
      throw new MultiaddrException("empty multiaddr bytes");
    }
    ByteReader reader = new ByteReader(bytes);
    List<Component> components = new ArrayList<>();
    try {
      while (reader.hasRemaining()) {
        int at = reader.position();
        int code = reader.readVarint("protocol code", Integer.MAX_VALUE);
        Protocol protocol =
            Protocol.forCode(code)
                .orElseThrow(
                    () ->
                        new MultiaddrException("unknown protocol code " + code + " at byte " + at));
        int length =
            protocol.isVariableSize()
                ? reader.readVarint(protocol + " value length", Integer.MAX_VALUE)
                : protocol.sizeBits() / 8;
        byte[] value = reader.readBytes(length, protocol + " value");
        try {
          components.add(Component.fromValueBytes(protocol, value));
        } catch (MultiaddrException e) {
          throw new MultiaddrException(e.getMessage() + " at byte " + at, e);
        }
      }
    } catch (VarintException | EncodingException e) {
      throw new MultiaddrException("bad multiaddr bytes: " + e.getMessage(), e);
    }
    return new Multiaddr(components);
  }

  /**
   * The multiaddr of a resolved socket address: {@code /ip4/<a>/tcp/<port>} or {@code
   * /ip6/<a>/tcp/<port>}, preceded by {@code /ip6zone/<zone>} for a scoped IPv6 address.
   *
   * @throws IllegalArgumentException if the address is unresolved
   */
  public static Multiaddr fromInetSocketAddress(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (address.isUnresolved() || ip == null) {
      throw new IllegalArgumentException("unresolved socket address " + address);
    }
    List<Component> components = new ArrayList<>(3);
    if (ip instanceof Inet4Address) {
      components.add(Component.fromValueBytes(Protocol.IP4, ip.getAddress()));
    } else {
      Inet6Address ip6 = (Inet6Address) ip;
      NetworkInterface scope = ip6.getScopedInterface();
      if (scope != null) {
        components.add(Component.of(Protocol.IP6ZONE, scope.getName()));
      } else if (ip6.getScopeId() != 0) {
        components.add(Component.of(Protocol.IP6ZONE, Integer.toString(ip6.getScopeId())));
      }
      components.add(Component.fromValueBytes(Protocol.IP6, ip6.getAddress()));
    }
    components.add(Component.of(Protocol.TCP, Integer.toString(address.getPort())));
    return new Multiaddr(components);
  }

  /** The binary form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The components, in order. */
  public List<Component> components() {
    return components;
  }

  /**
   * The peer this address reaches: the value of the last {@code /p2p/} component, unless a {@code
   * /p2p-circuit} follows it, in which case that component names a relay and the address names no
   * peer ({@code /…/p2p/<relay>/p2p-circuit}).
   */
  public Optional<PeerId> peerId() {
    // Cached: decoding an inline Ed25519 key validates the curve point, tens of microseconds that
    // callers passing the same address on every call would otherwise pay every time.
    Optional<PeerId> p = peerId;
    if (p == null) {
      int index = peerIdIndex();
      p =
          index < 0
              ? Optional.empty()
              : Optional.of(PeerId.fromBytes(components.get(index).value()));
      peerId = p;
    }
    return p;
  }

  private int peerIdIndex() {
    for (int i = components.size() - 1; i >= 0; i--) {
      Protocol protocol = components.get(i).protocol();
      if (protocol == Protocol.P2P_CIRCUIT) {
        return -1;
      }
      if (protocol == Protocol.P2P) {
        return i;
      }
    }
    return -1;
  }

  /**
   * This address with {@code /p2p/<peer>} appended, or this address if {@link #peerId()} is already
   * {@code peer}.
   *
   * @throws IllegalArgumentException if {@link #peerId()} is another peer
   */
  public Multiaddr withPeerId(PeerId peer) {
    Optional<PeerId> present = peerId();
    if (present.isPresent()) {
      if (present.get().equals(peer)) {
        return this;
      }
      throw new IllegalArgumentException(
          "multiaddr " + this + " already names peer " + present.get() + ", not " + peer);
    }
    return encapsulate(Component.fromValueBytes(Protocol.P2P, peer.toBytes()));
  }

  /**
   * This address without the component {@link #peerId()} reports, or this address if it names no
   * peer.
   *
   * @throws MultiaddrException if the peer id is the only component
   */
  public Multiaddr withoutPeerId() {
    int index = peerIdIndex();
    if (index < 0) {
      return this;
    }
    if (components.size() == 1) {
      throw new MultiaddrException("multiaddr " + this + " is nothing but a peer id");
    }
    List<Component> rest = new ArrayList<>(components);
    rest.remove(index);
    return new Multiaddr(rest);
  }

  /** This address followed by {@code inner}: {@code /ip4/…/tcp/1} + {@code /ws}. */
  public Multiaddr encapsulate(Multiaddr inner) {
    List<Component> all = new ArrayList<>(components);
    all.addAll(inner.components);
    return new Multiaddr(all);
  }

  private Multiaddr encapsulate(Component inner) {
    List<Component> all = new ArrayList<>(components);
    all.add(inner);
    return new Multiaddr(all);
  }

  /**
   * This address cut before the last occurrence of {@code outer}'s components (the occurrence and
   * everything after it go); this address itself if {@code outer} does not occur.
   *
   * @throws MultiaddrException if the cut would leave nothing (the address starts with its last
   *     occurrence of {@code outer})
   */
  public Multiaddr decapsulate(Multiaddr outer) {
    int n = outer.components.size();
    for (int i = components.size() - n; i >= 0; i--) {
      if (components.subList(i, i + n).equals(outer.components)) {
        if (i == 0) {
          throw new MultiaddrException(
              "decapsulating " + outer + " from " + this + " would leave an empty multiaddr");
        }
        return new Multiaddr(components.subList(0, i));
      }
    }
    return this;
  }

  /** The text value of the first component of {@code protocol}; empty text if it has no value. */
  public Optional<String> valueOf(Protocol protocol) {
    for (Component component : components) {
      if (component.protocol() == protocol) {
        return Optional.of(component.valueText());
      }
    }
    return Optional.empty();
  }

  /** Whether any component is of {@code protocol}. */
  public boolean has(Protocol protocol) {
    for (Component component : components) {
      if (component.protocol() == protocol) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The canonical text form. */
  @Override
  public String toString() {
    String s = text;
    if (s == null) {
      StringBuilder out = new StringBuilder();
      for (Component component : components) {
        out.append(component);
      }
      s = out.toString();
      text = s;
    }
    return s;
  }
}
