package org.subnetp2p.core.identity;

/**
 * How an Ed25519 key is laid out in an identity file, whose bytes are always the protobuf {@code
 * PrivateKey{Type, Data}}. Files of every form are read; the form only matters for who else can
 * read what this node writes. Keys of other types have one form.
 */
public enum KeyFileFormat {
  /**
   * {@code Data} is the 32-byte seed (36 bytes in all, starting {@code 08 01 12 20}): what
   * Hypertensor's subnet-template writes and its loader (py-libp2p) requires. The default.
   */
  SUBNET,
  /**
   * {@code Data} is the seed followed by the public key (68 bytes in all, starting {@code 08 01 12
   * 40}): the peer-ids spec's preferred form, the one go-libp2p and js-libp2p write and require.
   */
  LIBP2P
}
