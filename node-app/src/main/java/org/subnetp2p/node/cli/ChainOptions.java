package org.subnetp2p.node.cli;

import java.util.Map;
import java.util.Optional;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.Setting;
import picocli.CommandLine.Option;

/**
 * The chain flags of {@code run}, {@code call} and {@code find-peer}: which subnet the node belongs
 * to, and where the chain and the registry are, for {@code --discovery chain} and the {@code chain}
 * and {@code pos} gaters (and for the subnet id of the {@code gossip} discovery's records). The
 * one-shot commands {@linkplain #applyTo apply} them to their config; {@code run} {@linkplain
 * #putInto passes them on} as flags of its config, where the same keys may also come from the
 * environment or a file.
 */
final class ChainOptions {
  @Option(
      names = "--subnet-id",
      paramLabel = "<n>",
      description =
          "The subnet this node belongs to: announced in the gossip heartbeat (records of other"
              + " subnets are refused) and read by the chain discovery and gaters (default: 1).")
  String subnetId;

  @Option(
      names = "--chain-rpc",
      paramLabel = "<url>",
      description =
          "The chain's JSON-RPC endpoint (http://...), for --discovery chain and --gater chain|pos.")
  String chainRpc;

  @Option(
      names = "--registry",
      paramLabel = "<0xaddress>",
      description = "The SubnetPeerRegistry contract, for --discovery chain and --gater chain.")
  String registry;

  /** Sets the given flags on {@code config}; unset flags keep the builder's defaults. */
  void applyTo(NodeConfig.Builder config) {
    if (subnetId != null) {
      config.subnetId(ConfigLoader.parseSubnetId("--subnet-id", subnetId));
    }
    config.chainRpc(text(chainRpc));
    config.registry(text(registry));
  }

  /** Puts the given flags into {@code flags}, by config key; unset flags are left out. */
  void putInto(Map<String, String> flags) {
    put(flags, Setting.SUBNET_ID, subnetId);
    put(flags, Setting.CHAIN_RPC, chainRpc);
    put(flags, Setting.REGISTRY, registry);
  }

  private static void put(Map<String, String> flags, Setting s, String value) {
    if (value != null) {
      flags.put(s.key(), value);
    }
  }

  private static Optional<String> text(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
