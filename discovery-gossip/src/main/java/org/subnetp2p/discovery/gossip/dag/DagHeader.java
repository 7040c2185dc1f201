package org.subnetp2p.discovery.gossip.dag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.json.JsonFields;

/**
 * A DAG node's header, subnet-template's {@code DagNodeHeader}: what the node id hashes and the
 * signature covers ({@link #unsignedPrimitive()}), plus the node id and signature themselves.
 *
 * @param nodeId {@code "sha256:" + hex} of the canonical unsigned header
 * @param namespace the DAG namespace, {@code general-dag} for peer state
 * @param schemaId the payload schema, {@code peer-state}
 * @param parentIds parent node ids, sorted and unique
 * @param bodyHash {@code "sha256:" + hex} of the canonical payload
 * @param bodySize the canonical payload's length in bytes
 * @param author the author's peer id (base58)
 * @param publicKey hex of the author's protobuf public key
 * @param signature hex of the signature of the canonical unsigned header
 * @param createdAtMs creation time, Unix milliseconds
 * @param version the header format version, 1
 * @param metadata an object of JSON values (for peer state: the payload's fields)
 */
public record DagHeader(
    String nodeId,
    String namespace,
    String schemaId,
    List<String> parentIds,
    String bodyHash,
    long bodySize,
    String author,
    String publicKey,
    String signature,
    long createdAtMs,
    long version,
    Map<String, Object> metadata) {

  /** Copies the lists and checks for nulls. */
  public DagHeader {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(schemaId, "schemaId");
    parentIds = List.copyOf(parentIds);
    Objects.requireNonNull(bodyHash, "bodyHash");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(signature, "signature");
    metadata = Map.copyOf(metadata);
  }

  /** The fields the node id hashes and the signature covers. */
  public Map<String, Object> unsignedPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("author", author);
    out.put("body_hash", bodyHash);
    out.put("body_size", bodySize);
    out.put("created_at_ms", createdAtMs);
    out.put("metadata", metadata);
    out.put("namespace", namespace);
    out.put("parent_ids", parentIds);
    out.put("public_key", publicKey);
    out.put("schema_id", schemaId);
    out.put("version", version);
    return out;
  }

  /** The whole header as sent on the wire. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = unsignedPrimitive();
    out.put("node_id", nodeId);
    out.put("signature", signature);
    return out;
  }

  /** This header with {@code nodeId} and {@code signature} set. */
  DagHeader signed(String id, String sig) {
    return new DagHeader(
        id,
        namespace,
        schemaId,
        parentIds,
        bodyHash,
        bodySize,
        author,
        publicKey,
        sig,
        createdAtMs,
        version,
        metadata);
  }

  /**
   * Reads a header as subnet-template's {@code from_primitive} does ({@code parent_ids}, {@code
   * version} and {@code metadata} may be absent: {@code []}, 1 and {@code {}}), but with strict
   * types: integers must be JSON integers and strings JSON strings.
   *
   * @throws RecordException with {@link Rejection#MALFORMED}
   */
  public static DagHeader fromPrimitive(Object value) throws RecordException {
    try {
      Map<String, Object> in = JsonFields.object(value, "header");
      Object metadata = in.get("metadata");
      return new DagHeader(
          JsonFields.string(in, "node_id"),
          JsonFields.string(in, "namespace"),
          JsonFields.string(in, "schema_id"),
          JsonFields.strings(in, "parent_ids", true),
          JsonFields.string(in, "body_hash"),
          JsonFields.integer(in, "body_size"),
          JsonFields.string(in, "author"),
          JsonFields.string(in, "public_key"),
          JsonFields.string(in, "signature"),
          JsonFields.integer(in, "created_at_ms"),
          JsonFields.integer(in, "version", 1),
          metadata == null ? Map.of() : JsonFields.object(metadata, "metadata"));
    } catch (JsonException e) {
      throw new RecordException(Rejection.MALFORMED, "header: " + e.getMessage());
    }
  }
}
