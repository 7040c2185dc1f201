package org.subnetp2p.core.identity;

import java.util.Arrays;
import java.util.HexFormat;

/** What every public key shares: identity by type and encoded bytes, and the protobuf form. */
abstract class AbstractPublicKey implements PublicKey {
  private final KeyType type;
  private final byte[] raw;

  /** Takes ownership of {@code raw}, which the subclass has validated. */
  AbstractPublicKey(KeyType type, byte[] raw) {
    this.type = type;
    this.raw = raw;
  }

  @Override
  public final KeyType type() {
    return type;
  }

  @Override
  public final byte[] raw() {
    return raw.clone();
  }

  @Override
  public final byte[] marshal() {
    return KeyProtobuf.encode(type, raw);
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof PublicKey other
        && other.type() == type
        && (other instanceof AbstractPublicKey known
            ? Arrays.equals(known.raw, raw)
            : Arrays.equals(other.raw(), raw));
  }

  @Override
  public final int hashCode() {
    return 31 * type.code() + Arrays.hashCode(raw);
  }

  /** The type and the key bytes, abbreviated when long (RSA). */
  @Override
  public final String toString() {
    String hex = HexFormat.of().formatHex(raw);
    if (hex.length() > 80) {
      hex = hex.substring(0, 32) + "…(" + raw.length + " bytes)";
    }
    return type + " public key " + hex;
  }
}
