package org.subnetp2p.core.identity;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.encoding.Base58;
import org.subnetp2p.core.encoding.ByteReader;
import org.subnetp2p.core.encoding.EncodingException;
import org.subnetp2p.core.encoding.Multibase;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.encoding.VarintException;

/**
 * A libp2p peer id: the multihash of a marshalled public key. Keys that marshal to at most 42 bytes
 * are inlined with the identity multihash, so the key can be read back from the id; longer keys are
 * hashed with sha2-256.
 *
 * <p>Equal, hashed and ordered by the multihash bytes. Prints as base58btc, the form the spec says
 * to display; {@link #toCidString()} gives the CIDv1 form.
 */
public final class PeerId implements Comparable<PeerId> {
  private static final int IDENTITY = 0x00;
  private static final int SHA2_256 = 0x12;
  private static final int SHA2_256_LENGTH = 32;
  private static final int MAX_INLINE_KEY_LENGTH = 42;
  private static final int CID_VERSION = 1;
  private static final int LIBP2P_KEY_CODEC = 0x72;

  /**
   * Longer than any valid text form (an inline key CID is about 80 characters); bounds the
   * quadratic base58 decoding of text from the network.
   */
  private static final int MAX_TEXT_LENGTH = 256;

  private final byte[] multihash;
  private final @Nullable PublicKey publicKey; // null unless an identity multihash
  private @Nullable String base58; // cached; racy but idempotent

  private PeerId(byte[] multihash, @Nullable PublicKey publicKey) {
    this.multihash = multihash;
    this.publicKey = publicKey;
  }

  /** The peer id of {@code key}. */
  public static PeerId fromPublicKey(PublicKey key) {
    byte[] marshalled = key.marshal();
    if (marshalled.length <= MAX_INLINE_KEY_LENGTH) {
      return new PeerId(multihash(IDENTITY, marshalled), key);
    }
    return new PeerId(multihash(SHA2_256, Jca.sha256(marshalled)), null);
  }

  /**
   * A peer id from its multihash bytes: identity with an inline public key (canonically marshalled,
   * at most 42 bytes) or sha2-256 with a 32-byte digest.
   *
   * @throws InvalidPeerIdException saying what is wrong with the bytes
   */
  public static PeerId fromBytes(byte[] multihash) {
    ByteReader reader = new ByteReader(multihash);
    int code;
    byte[] digest;
    try {
      code = reader.readVarint("multihash code", Integer.MAX_VALUE);
      int length = reader.readVarint("multihash length", Integer.MAX_VALUE);
      if (length != reader.remaining()) {
        throw new InvalidPeerIdException(
            "multihash says "
                + length
                + " digest bytes but "
                + reader.remaining()
                + " follow the header");
      }
      digest = reader.readRemaining();
    } catch (VarintException | EncodingException e) {
      throw new InvalidPeerIdException("bad peer id multihash: " + e.getMessage(), e);
    }
    return switch (code) {
      case SHA2_256 -> {
        if (digest.length != SHA2_256_LENGTH) {
          throw new InvalidPeerIdException(
              "sha2-256 peer id digest must be 32 bytes, got " + digest.length);
        }
        yield new PeerId(multihash.clone(), null);
      }
      case IDENTITY -> new PeerId(multihash.clone(), inlineKey(digest));
      default ->
          throw new InvalidPeerIdException(
              String.format(
                  "multihash code 0x%x is not a peer id (identity 0x00 or sha2-256 0x12)", code));
    };
  }

  private static PublicKey inlineKey(byte[] marshalled) {
    if (marshalled.length > MAX_INLINE_KEY_LENGTH) {
      throw new InvalidPeerIdException(
          "identity peer id holds "
              + marshalled.length
              + " key bytes; keys over 42 bytes must be hashed with sha2-256");
    }
    PublicKey key;
    try {
      key = Keys.unmarshalPublicKey(marshalled);
    } catch (InvalidKeyException e) {
      throw new InvalidPeerIdException(
          "identity peer id does not hold a valid public key: " + e.getMessage(), e);
    }
    // Another encoding of the same key would be a second id for one peer.
    if (!Arrays.equals(key.marshal(), marshalled)) {
      throw new InvalidPeerIdException("identity peer id holds a non-canonical key encoding");
    }
    return key;
  }

  /**
   * Parses a peer id: a base58btc multihash ({@code Qm…}, {@code 12D3KooW…}, {@code 16Uiu2…}, any
   * text starting with {@code 1} or {@code Qm}) or a multibase CIDv1 with the {@code libp2p-key}
   * codec ({@code bafz…}, and the base16, base36 and base58btc forms).
   *
   * @throws InvalidPeerIdException saying why the text is not a peer id
   */
  public static PeerId fromString(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidPeerIdException("empty peer id");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidPeerIdException(
          "peer id text of " + text.length() + " characters is too long");
    }
    if (text.startsWith("1") || text.startsWith("Qm")) {
      byte[] bytes;
      try {
        bytes = Base58.decode(text);
      } catch (EncodingException e) {
        throw new InvalidPeerIdException(
            "peer id \"" + text + "\" is not base58btc: " + e.getMessage(), e);
      }
      return fromBytes(bytes);
    }
    return fromCid(text);
  }

  private static PeerId fromCid(String text) {
    byte[] cid;
    try {
      cid = Multibase.decode(text);
    } catch (EncodingException e) {
      throw new InvalidPeerIdException(
          "peer id \""
              + text
              + "\" is neither a base58btc multihash (1…, Qm…) nor a multibase CID: "
              + e.getMessage(),
          e);
    }
    ByteReader reader = new ByteReader(cid);
    try {
      long version = reader.readVarint("CID version");
      if (version != CID_VERSION) {
        throw new InvalidPeerIdException(
            "peer id \"" + text + "\" is not a CIDv1 (version " + version + ")");
      }
      long codec = reader.readVarint("CID codec");
      if (codec != LIBP2P_KEY_CODEC) {
        throw new InvalidPeerIdException(
            String.format(
                "peer id \"%s\" is a CID with codec 0x%x, not libp2p-key (0x72)", text, codec));
      }
    } catch (VarintException e) {
      throw new InvalidPeerIdException(
          "peer id \"" + text + "\" is not a valid CID: " + e.getMessage(), e);
    }
    return fromBytes(reader.readRemaining());
  }

  private static byte[] multihash(int code, byte[] digest) {
    byte[] out = new byte[2 + digest.length]; // code and length are single-byte varints here
    Varint.write(code, out, 0);
    Varint.write(digest.length, out, 1);
    System.arraycopy(digest, 0, out, 2, digest.length);
    return out;
  }

  /** The multihash bytes, the binary form used on the wire and in multiaddrs. */
  public byte[] toBytes() {
    return multihash.clone();
  }

  /** The legacy text form: the multihash in base58btc, without multibase prefix. */
  public String toBase58() {
    String s = base58;
    if (s == null) {
      s = Base58.encode(multihash);
      base58 = s;
    }
    return s;
  }

  /** The CIDv1 text form of RFC 0001: libp2p-key codec, base32 multibase ({@code bafz…}). */
  public String toCidString() {
    byte[] cid = new byte[2 + multihash.length]; // version 1 and codec 0x72: one byte each
    cid[0] = CID_VERSION;
    cid[1] = LIBP2P_KEY_CODEC;
    System.arraycopy(multihash, 0, cid, 2, multihash.length);
    return Multibase.encode(Multibase.Base.BASE32, cid);
  }

  /** The public key inlined in an identity multihash; empty for hashed (sha2-256) ids. */
  public Optional<PublicKey> publicKey() {
    return Optional.ofNullable(publicKey);
  }

  /** Whether {@code key} is the key this id was derived from. */
  public boolean matches(PublicKey key) {
    return equals(fromPublicKey(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  /** Orders by the multihash bytes, unsigned. */
  @Override
  public int compareTo(PeerId other) {
    return Arrays.compareUnsigned(multihash, other.multihash);
  }

  /** The base58btc form, as {@link #toBase58()}. */
  @Override
  public String toString() {
    return toBase58();
  }
}
