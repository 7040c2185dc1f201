package org.subnetp2p.kademlia;

import java.util.Arrays;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PublicKey;
import org.subnetp2p.core.record.InvalidRecordException;

/**
 * The {@code pk} namespace: key {@code /pk/<multihash>} (the peer id's bytes, not its text) holds
 * the public key (libp2p protobuf form) whose peer id is that multihash. Any two valid values of a
 * key are the same key.
 */
public final class PublicKeyValidator implements RecordValidator {
  /** The namespace validated. */
  public static final String NAMESPACE = "pk";

  private static final byte[] PREFIX = {'/', 'p', 'k', '/'};

  /** The validator. */
  public PublicKeyValidator() {}

  /** The key under which {@code peer}'s public key is stored. */
  public static byte[] keyOf(PeerId peer) {
    byte[] id = peer.toBytes();
    byte[] key = Arrays.copyOf(PREFIX, PREFIX.length + id.length);
    System.arraycopy(id, 0, key, PREFIX.length, id.length);
    return key;
  }

  @Override
  public void validate(byte[] key, byte[] value) throws InvalidRecordException {
    if (key.length <= PREFIX.length || !Arrays.equals(Arrays.copyOf(key, PREFIX.length), PREFIX)) {
      throw new InvalidRecordException("not a /pk/ key");
    }
    PeerId owner;
    try {
      owner = PeerId.fromBytes(Arrays.copyOfRange(key, PREFIX.length, key.length));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("/pk/ key does not end in a peer id", e);
    }
    PublicKey publicKey;
    try {
      publicKey = Keys.unmarshalPublicKey(value);
    } catch (RuntimeException e) {
      throw new InvalidRecordException("/pk/ value is not a public key", e);
    }
    if (!owner.matches(publicKey)) {
      throw new InvalidRecordException("/pk/ value is the key of another peer");
    }
  }
}
