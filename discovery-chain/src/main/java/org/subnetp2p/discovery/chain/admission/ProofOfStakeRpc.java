package org.subnetp2p.discovery.chain.admission;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;
import org.subnetp2p.discovery.chain.rpc.RpcException;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Hypertensor's proof-of-stake check, as subnet-template's {@code ProofOfStake} calls it: the
 * Substrate JSON-RPC method {@code network_proofOfStake} with the params {@code [subnet_id,
 * peer_id, min_class]}, where {@code peer_id} is the bytes of the peer id's base58 text as a JSON
 * array of numbers ({@code Vec<u8>}) and {@code min_class} the lowest {@code SubnetNodeClass}
 * accepted (0 Registered, 1 Idle, 2 Included, 3 Validator). The answer's {@code result} is a
 * boolean.
 */
final class ProofOfStakeRpc {
  static final String METHOD = "network_proofOfStake";

  /** The JSON-RPC answer; {@code result} is whatever JSON came (a boolean if all is well). */
  public static final class Answer extends Response<Object> {}

  private final ChainRpc rpc;
  private final BigInteger subnetId;
  private final int minClass;

  ProofOfStakeRpc(ChainRpc rpc, BigInteger subnetId, int minClass) {
    this.rpc = rpc;
    this.subnetId = subnetId;
    this.minClass = minClass;
  }

  /** The params of the call for {@code peer}. */
  List<Object> params(PeerId peer) {
    byte[] text = peer.toBase58().getBytes(StandardCharsets.US_ASCII);
    List<Integer> bytes = new ArrayList<>(text.length);
    for (byte b : text) {
      bytes.add(b & 0xff);
    }
    return List.of(subnetId, bytes, minClass);
  }

  /**
   * Whether {@code peer} holds stake in the subnet. An answer whose {@code result} is not a boolean
   * is a no, as in subnet-template.
   *
   * @throws RpcException if the chain cannot be reached or answers with an error
   */
  boolean isStaked(PeerId peer) throws RpcException {
    Request<Object, Answer> request =
        new Request<>(METHOD, params(peer), rpc.service(), Answer.class);
    Answer answer = rpc.send(METHOD, request);
    return Boolean.TRUE.equals(answer.getResult());
  }
}
