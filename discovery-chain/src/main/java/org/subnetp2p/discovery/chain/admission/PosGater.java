package org.subnetp2p.discovery.chain.admission;

import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;

/**
 * The {@code pos} gater: Hypertensor's proof-of-stake check after the security handshake, as
 * subnet-template's {@code POSTransport} makes it ({@link ProofOfStakeRpc}), with the same caching
 * (300 s for yes and for no) and, by default, the same answer when the RPC fails: admit, without
 * caching. Unlike subnet-template it never blocks a network thread (the lookup runs aside, held by
 * the host), bounds each lookup ({@code lookup-timeout}) instead of retrying for half a minute, and
 * can fail closed ({@code failure-mode=fail-closed}).
 */
final class PosGater extends CachingGater {
  private final ChainRpc rpc;
  private final ProofOfStakeRpc proofOfStake;
  private final String subnet;

  PosGater(ChainRpc rpc, ProofOfStakeRpc proofOfStake, String subnet, Settings settings) {
    super("pos", settings);
    this.rpc = rpc;
    this.proofOfStake = proofOfStake;
    this.subnet = subnet;
  }

  @Override
  protected Optional<Boolean> known(PeerId peer) {
    return Optional.empty();
  }

  @Override
  protected boolean lookup(PeerId peer) throws Exception {
    return proofOfStake.isStaked(peer);
  }

  @Override
  protected String refusal() {
    return "no proof of stake in subnet " + subnet;
  }

  @Override
  public void close() {
    super.close();
    rpc.close();
  }
}
