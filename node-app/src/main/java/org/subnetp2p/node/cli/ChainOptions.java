package org.subnetp2p.node.cli;

import java.util.Optional;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.NodeConfig;
import picocli.CommandLine.Option;

/**
 * The chain flags of the one-shot commands ({@code call}, {@code find-peer}): which subnet the node
 * belongs to, and where the chain and the registry are, for {@code --discovery chain} (and for the
 * subnet id of the {@code gossip} discovery's records). {@code run} reads the same keys through its
 * config, where they may also come from the environment or a file.
 */
final class ChainOptions {
  @Option(
      names = "--subnet-id",
      paramLabel = "<n>",
      description = "The subnet to look in, for the chain and gossip discoveries (default: 1).")
  String subnetId;

  @Option(
      names = "--chain-rpc",
      paramLabel = "<url>",
      description = "The chain's JSON-RPC endpoint (http://...), for --discovery chain.")
  String chainRpc;

  @Option(
      names = "--registry",
      paramLabel = "<0xaddress>",
      description = "The SubnetPeerRegistry contract, for --discovery chain.")
  String registry;

  /** Sets the given flags on {@code config}; unset flags keep the builder's defaults. */
  void applyTo(NodeConfig.Builder config) {
    if (subnetId != null) {
      config.subnetId(ConfigLoader.parseSubnetId("--subnet-id", subnetId));
    }
    config.chainRpc(text(chainRpc));
    config.registry(text(registry));
  }

  private static Optional<String> text(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
