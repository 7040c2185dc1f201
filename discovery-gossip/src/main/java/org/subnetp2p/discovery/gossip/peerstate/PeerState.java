package org.subnetp2p.discovery.gossip.peerstate;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.ServerState;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.JsonException;
import org.subnetp2p.discovery.gossip.json.JsonFields;

/**
 * The payload of a peer-state record, subnet-template's {@code PeerStateData}; it is also the
 * header's metadata. Fields beyond these are ignored on reading (its model ignores extras), but
 * stay part of the hashed payload.
 *
 * @param uid 32 hex characters, fresh for every record
 * @param epoch the subnet epoch
 * @param subnetId the subnet, above 0
 * @param subnetNodeId the node's id in the subnet, above 0
 * @param state the announced state
 * @param role the role; 0 ({@code VALIDATOR}) is the only one defined
 * @param multiaddr the address to reach the peer at, without {@code /p2p/}
 */
public record PeerState(
    String uid,
    long epoch,
    long subnetId,
    long subnetNodeId,
    ServerState state,
    int role,
    String multiaddr) {
  /** The only role subnet-template defines: {@code PeerRole.VALIDATOR}. */
  public static final int VALIDATOR = 0;

  /** Checks for nulls. */
  public PeerState {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(multiaddr, "multiaddr");
  }

  /** The payload object. */
  public Map<String, Object> toPrimitive() {
    Map<String, Object> out = new HashMap<>();
    out.put("epoch", epoch);
    out.put("multiaddr", multiaddr);
    out.put("role", role);
    out.put("state", state.code());
    out.put("subnet_id", subnetId);
    out.put("subnet_node_id", subnetNodeId);
    out.put("uid", uid);
    return out;
  }

  /**
   * Reads a payload as subnet-template's schema validates it: all seven fields present and typed,
   * subnet and node ids above 0, a known state, role 0.
   *
   * @throws RecordException with {@link Rejection#MALFORMED}
   */
  public static PeerState fromPayload(Object payload) throws RecordException {
    try {
      Map<String, Object> in = JsonFields.object(payload, "payload");
      long subnetId = JsonFields.integer(in, "subnet_id");
      long subnetNodeId = JsonFields.integer(in, "subnet_node_id");
      long state = JsonFields.integer(in, "state");
      long role = JsonFields.integer(in, "role");
      if (subnetId <= 0 || subnetNodeId <= 0) {
        throw new JsonException("subnet_id and subnet_node_id must be above 0");
      }
      if (role != VALIDATOR) {
        throw new JsonException("unknown role");
      }
      return new PeerState(
          JsonFields.string(in, "uid"),
          JsonFields.integer(in, "epoch"),
          subnetId,
          subnetNodeId,
          ServerState.of(state).orElseThrow(() -> new JsonException("unknown state")),
          VALIDATOR,
          JsonFields.string(in, "multiaddr"));
    } catch (JsonException e) {
      throw new RecordException(Rejection.MALFORMED, "payload: " + e.getMessage());
    }
  }
}
