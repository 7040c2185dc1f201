package org.subnetp2p.core.multiaddr;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.subnetp2p.core.encoding.Varint;

/**
 * One protocol of a multiaddr with its value, e.g. {@code /tcp/443}: the protocol and the value in
 * its binary form. Immutable; equal when protocol and value bytes are.
 */
public final class Component {
  private static final byte[] NO_VALUE = new byte[0];

  private final Protocol protocol;
  private final byte[] value;

  private Component(Protocol protocol, byte[] value) {
    this.protocol = protocol;
    this.value = value;
  }

  /**
   * A component of a protocol that takes no value, such as {@code /ws}.
   *
   * @throws MultiaddrException if the protocol needs a value
   */
  public static Component of(Protocol protocol) {
    if (protocol.hasValue()) {
      throw new MultiaddrException("missing value for " + protocol);
    }
    return new Component(protocol, NO_VALUE);
  }

  /**
   * A component from the text of its value, such as {@code of(Protocol.TCP, "443")}.
   *
   * @throws MultiaddrException if the text is not a valid value for the protocol, or the protocol
   *     takes no value
   */
  public static Component of(Protocol protocol, String valueText) {
    Objects.requireNonNull(valueText, "valueText");
    if (!protocol.hasValue()) {
      throw new MultiaddrException(protocol + " takes no value, got \"" + valueText + "\"");
    }
    if (valueText.isEmpty()) {
      throw new MultiaddrException("missing value for " + protocol);
    }
    return new Component(protocol, protocol.codec().parse(protocol, valueText));
  }

  /**
   * A component from the binary form of its value.
   *
   * @throws MultiaddrException if the bytes are not a valid value for the protocol
   */
  public static Component fromValueBytes(Protocol protocol, byte[] value) {
    if (protocol.isVariableSize() ? value.length == 0 : value.length != protocol.sizeBits() / 8) {
      throw new MultiaddrException(
          protocol.hasValue()
              ? "invalid " + protocol + " value of " + value.length + " bytes"
              : protocol + " takes no value, got " + value.length + " bytes");
    }
    byte[] copy = value.clone();
    protocol.codec().validate(protocol, copy);
    return new Component(protocol, copy);
  }

  /** The protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** The value in binary form; empty for protocols without a value. */
  public byte[] value() {
    return value.clone();
  }

  /** The value in text form; empty for protocols without a value. */
  public String valueText() {
    return protocol.codec().format(protocol, value);
  }

  /** The binary form: the protocol code, a length for variable-size values, then the value. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
    writeTo(out);
    return out.toByteArray();
  }

  void writeTo(ByteArrayOutputStream out) {
    out.writeBytes(Varint.encode(protocol.code()));
    if (protocol.isVariableSize()) {
      out.writeBytes(Varint.encode(value.length));
    }
    out.writeBytes(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Component other
        && protocol == other.protocol
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * protocol.code() + Arrays.hashCode(value);
  }

  /** The text form, such as {@code /tcp/443} or {@code /ws}. */
  @Override
  public String toString() {
    return protocol.hasValue() ? "/" + protocol + "/" + valueText() : "/" + protocol;
  }
}
