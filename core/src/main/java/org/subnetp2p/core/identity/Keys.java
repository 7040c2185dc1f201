package org.subnetp2p.core.identity;

/** Creating and decoding libp2p keys. */
public final class Keys {
  private Keys() {}

  /** A new Ed25519 key pair, its seed from a {@link java.security.SecureRandom}. */
  public static PrivateKey generateEd25519() {
    return Ed25519PrivateKey.generate();
  }

  /**
   * The Ed25519 key pair of a 32-byte RFC 8032 seed.
   *
   * @throws InvalidKeyException if {@code seed} is not 32 bytes
   */
  public static PrivateKey ed25519PrivateKey(byte[] seed) {
    return Ed25519PrivateKey.fromSeed(seed);
  }

  /**
   * An Ed25519 public key from its 32 raw bytes.
   *
   * @throws InvalidKeyException if {@code raw32} is not 32 bytes
   */
  public static PublicKey ed25519PublicKey(byte[] raw32) {
    return Ed25519PublicKey.decode(raw32);
  }

  /**
   * A public key from its type and {@code Data} bytes, the parts of the protobuf.
   *
   * @throws InvalidKeyException if {@code raw} is not a valid key of that type
   */
  public static PublicKey publicKey(KeyType type, byte[] raw) {
    return switch (type) {
      case ED25519 -> Ed25519PublicKey.decode(raw);
      case SECP256K1 -> Secp256k1PublicKey.decode(raw);
      case ECDSA -> EcdsaPublicKey.decode(raw);
      case RSA -> RsaPublicKey.decode(raw);
    };
  }

  /**
   * Decodes a protobuf {@code PublicKey{Type, Data}}, as exchanged in handshakes and embedded in
   * identity peer ids.
   *
   * @throws InvalidKeyException naming what is wrong: bad protobuf, unknown key type code, or key
   *     bytes invalid for the type
   */
  public static PublicKey unmarshalPublicKey(byte[] protobuf) {
    KeyProtobuf.Message message = KeyProtobuf.decode(protobuf, "PublicKey");
    return publicKey(KeyType.fromCode(message.typeCode()), message.data());
  }

  /**
   * Decodes a protobuf {@code PrivateKey{Type, Data}}, the content of a libp2p key file. Ed25519
   * (32-, 64- or 96-byte {@code Data}), ECDSA (SEC 1 DER) and RSA (PKCS#1 DER) are supported;
   * secp256k1 private keys are not.
   *
   * @throws InvalidKeyException naming what is wrong, including an unsupported key type
   */
  public static PrivateKey unmarshalPrivateKey(byte[] protobuf) {
    KeyProtobuf.Message message = KeyProtobuf.decode(protobuf, "PrivateKey");
    return privateKey(KeyType.fromCode(message.typeCode()), message.data());
  }

  static PrivateKey privateKey(KeyType type, byte[] data) {
    return switch (type) {
      case ED25519 -> Ed25519PrivateKey.decode(data);
      case ECDSA -> EcdsaPrivateKey.decode(data);
      case RSA -> RsaPrivateKey.decode(data);
      case SECP256K1 ->
          throw new InvalidKeyException(
              "secp256k1 private keys are not supported (secp256k1 is verify-only here)");
    };
  }
}
