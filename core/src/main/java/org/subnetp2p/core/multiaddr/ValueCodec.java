package org.subnetp2p.core.multiaddr;

/**
 * Converts one protocol's component value between its text and its bytes. Errors are {@link
 * MultiaddrException}s whose message names the protocol and the value, but not the whole address
 * (the caller adds that).
 */
interface ValueCodec {
  /** The bytes of a text value. */
  byte[] parse(Protocol protocol, String text);

  /** Checks bytes read from a binary multiaddr, so every component can be printed. */
  void validate(Protocol protocol, byte[] value);

  /** The text of valid bytes. */
  String format(Protocol protocol, byte[] value);
}
