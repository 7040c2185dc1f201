package org.subnetp2p.core.encoding;

/** A varint that cannot be decoded: too long, overflowing, or cut short. */
public final class VarintException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public VarintException(String message) {
    super(message);
  }
}
