package org.subnetp2p.discovery.gossip.dag;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.identity.PublicKey;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.json.CanonicalJson;

/**
 * Builds and checks DAG nodes as subnet-template does: the body hash and size are those of the
 * canonical payload, the node id is {@code "sha256:" + hex} of the canonical unsigned header, and
 * the signature is the author's key's signature of those same header bytes, in hex.
 */
public final class DagNodes {
  /** The prefix of node ids and body hashes. */
  public static final String HASH_PREFIX = "sha256:";

  private static final Pattern NODE_ID = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private DagNodes() {}

  /** {@code "sha256:" + hex(SHA-256(bytes))}. */
  public static String digest(byte[] bytes) {
    try {
      return HASH_PREFIX + HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The canonical bytes of the payload: what the body hash and size describe. */
  public static byte[] payloadBytes(Object payload) {
    return CanonicalJson.write(payload);
  }

  /** The canonical unsigned header: what the node id hashes and the signature covers. */
  public static byte[] signingBytes(DagHeader header) {
    return CanonicalJson.write(header.unsignedPrimitive());
  }

  /** Whether {@code id} has the form of a node id. */
  public static boolean isNodeId(String id) {
    return NODE_ID.matcher(id).matches();
  }

  /**
   * A new node signed with {@code key}, whose peer id becomes the author.
   *
   * @param parentIds the parents; sorted and deduplicated here
   * @param metadata the header's metadata (subnet-template puts the payload's fields there)
   */
  public static DagNode create(
      PrivateKey key,
      String namespace,
      String schemaId,
      List<String> parentIds,
      Object payload,
      Map<String, Object> metadata,
      long createdAtMs) {
    byte[] payloadBytes = payloadBytes(payload);
    PublicKey publicKey = key.publicKey();
    DagHeader seed =
        new DagHeader(
            "",
            namespace,
            schemaId,
            List.copyOf(new TreeSet<>(parentIds)),
            digest(payloadBytes),
            payloadBytes.length,
            PeerId.fromPublicKey(publicKey).toBase58(),
            HEX.formatHex(publicKey.marshal()),
            "",
            createdAtMs,
            1,
            metadata);
    byte[] signed = signingBytes(seed);
    DagHeader header = seed.signed(digest(signed), HEX.formatHex(key.sign(signed)));
    return new DagNode(header, new DagBody(header.nodeId(), payload));
  }

  /**
   * The peer that owns the header's public key.
   *
   * @throws RecordException with {@link Rejection#BAD_SIGNATURE} if the key is not hex of a valid
   *     protobuf public key
   */
  public static PeerId signer(DagHeader header) throws RecordException {
    try {
      return PeerId.fromPublicKey(publicKey(header));
    } catch (IllegalArgumentException e) { // not hex, or InvalidKeyException
      throw new RecordException(Rejection.BAD_SIGNATURE, "public key is not a valid key");
    }
  }

  /**
   * Checks a node as subnet-template's validator does, before anything else about it is trusted:
   * parents sorted, unique and not itself; body size not negative; node id, body hash and body size
   * matching the content; a valid signature by the header's key; an author that owns that key.
   * Parent ids must moreover have the form of node ids.
   *
   * @return the size of the node's hashed content (unsigned header plus payload), in bytes
   * @throws RecordException naming the reason
   */
  public static int verify(DagNode node) throws RecordException {
    DagHeader header = node.header();
    checkParents(header);
    if (header.bodySize() < 0) {
      throw new RecordException(Rejection.MALFORMED, "negative body size");
    }
    byte[] signed;
    byte[] payload;
    try {
      signed = signingBytes(header);
      payload = payloadBytes(node.body().payload());
    } catch (IllegalArgumentException e) { // a value JSON cannot hold; the parser never makes one
      throw new RecordException(Rejection.MALFORMED, "content cannot be written as JSON");
    }
    if (!digest(signed).equals(header.nodeId())) {
      throw new RecordException(Rejection.BAD_HASH, "node id does not match the header");
    }
    if (!node.body().nodeId().equals(header.nodeId())) {
      throw new RecordException(Rejection.BAD_HASH, "body belongs to another node");
    }
    if (!digest(payload).equals(header.bodyHash()) || payload.length != header.bodySize()) {
      throw new RecordException(Rejection.BAD_HASH, "body hash or size does not match the body");
    }
    PublicKey key;
    byte[] signature;
    try {
      key = publicKey(header);
      signature = HEX.parseHex(header.signature());
    } catch (IllegalArgumentException e) { // InvalidKeyException is one
      throw new RecordException(Rejection.BAD_SIGNATURE, "key or signature is not valid");
    }
    if (!key.verify(signed, signature)) {
      throw new RecordException(Rejection.BAD_SIGNATURE, "signature does not verify");
    }
    if (!PeerId.fromPublicKey(key).toBase58().equals(header.author())) {
      throw new RecordException(Rejection.SPOOFED, "author does not own the signing key");
    }
    return signed.length + payload.length;
  }

  private static PublicKey publicKey(DagHeader header) {
    return Keys.unmarshalPublicKey(HEX.parseHex(header.publicKey()));
  }

  private static void checkParents(DagHeader header) throws RecordException {
    List<String> parents = header.parentIds();
    for (int i = 0; i < parents.size(); i++) {
      String id = parents.get(i);
      if (!isNodeId(id)) {
        throw new RecordException(Rejection.MALFORMED, "parent id is not a node id");
      }
      if (i > 0 && parents.get(i - 1).compareTo(id) >= 0) {
        throw new RecordException(Rejection.MALFORMED, "parent ids not sorted and unique");
      }
      if (id.equals(header.nodeId())) {
        throw new RecordException(Rejection.MALFORMED, "node names itself as parent");
      }
    }
  }
}
