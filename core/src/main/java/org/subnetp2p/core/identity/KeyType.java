package org.subnetp2p.core.identity;

/** The key algorithms of libp2p, with the codes of the {@code KeyType} protobuf enum. */
public enum KeyType {
  /** RSA with PKCS#1 v1.5 signatures over SHA-256. */
  RSA(0),
  /** Ed25519 (RFC 8032). */
  ED25519(1),
  /** ECDSA over SHA-256 on the Bitcoin curve secp256k1. */
  SECP256K1(2),
  /** ECDSA over SHA-256 on a NIST curve (P-256 in practice). */
  ECDSA(3);

  private final int code;

  KeyType(int code) {
    this.code = code;
  }

  /** The protobuf enum value. */
  public int code() {
    return code;
  }

  /**
   * The key type with protobuf enum value {@code code}.
   *
   * @throws InvalidKeyException if no key type has that code
   */
  public static KeyType fromCode(int code) {
    for (KeyType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new InvalidKeyException("unknown key type code " + code);
  }
}
