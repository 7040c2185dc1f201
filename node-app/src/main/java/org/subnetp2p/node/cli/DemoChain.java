package org.subnetp2p.node.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.Registrar;
import org.subnetp2p.discovery.chain.RegistrarException;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.subnetp2p.node.NodeConfig;

/**
 * The chain of {@code demo --with-chain}: an anvil child process on 127.0.0.1 with a freshly
 * deployed {@code SubnetPeerRegistry}, in which the demo registers its nodes (as dev account 0).
 * Closing it stops anvil, so no process outlives the demo.
 */
final class DemoChain implements AutoCloseable {
  private final Anvil anvil;
  private final Registrar registrar;
  private final String registry;
  private final BigInteger subnet;

  private DemoChain(Anvil anvil, Registrar registrar, String registry, BigInteger subnet) {
    this.anvil = anvil;
    this.registrar = registrar;
    this.registry = registry;
    this.subnet = subnet;
  }

  /**
   * Starts anvil on a free port of 127.0.0.1.
   *
   * @throws CliException bad input when there is no anvil binary or it is not one, naming what to
   *     do; a failure when it does not start (with its output)
   */
  static Anvil startAnvil() {
    Path binary;
    try {
      binary = Anvil.binary();
    } catch (IOException e) {
      throw new CliException(ExitCodes.BAD_INPUT, "--with-chain needs anvil: " + e.getMessage());
    }
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new CliException(
          ExitCodes.BAD_INPUT,
          "--with-chain needs anvil: "
              + binary
              + " (from SUBNET_ANVIL or -D"
              + Anvil.BINARY_PROPERTY
              + ") is not an executable file");
    }
    try {
      return Anvil.start(Anvil.options());
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILURE, "cannot start anvil: " + e.getMessage());
    }
  }

  /** Deploys a registry on {@code anvil}, with no minimum stake; closing the result stops anvil. */
  static DemoChain deploy(Anvil anvil, long subnetId) throws RegistrarException {
    Registrar registrar = Registrar.connect(anvil.rpcUrl(), DevAccounts.key(0));
    try {
      String registry = registrar.deploy(BigInteger.ZERO);
      return new DemoChain(anvil, registrar, registry, BigInteger.valueOf(subnetId));
    } catch (RegistrarException | RuntimeException e) {
      registrar.close();
      throw e;
    }
  }

  URI rpcUrl() {
    return anvil.rpcUrl();
  }

  String registry() {
    return registry;
  }

  /** Registers {@code peer} at {@code address} ({@code /p2p/} appended) for the subnet. */
  void register(PeerId peer, Multiaddr address) throws RegistrarException {
    registrar.register(registry, subnet, peer, address, null);
  }

  /**
   * {@code base} as a member of this chain's subnet: {@code chain} added to its discoveries, the
   * {@code chain} gater, and this chain's RPC and registry. Anvil mines each transaction at once
   * and never reorganises, so registrations count without confirmations, and the registry is polled
   * often: the nodes see each registration within half a second.
   */
  NodeConfig.Builder member(NodeConfig base) {
    Map<String, String> settings = new HashMap<>(base.providerSettings());
    for (String prefix : new String[] {"discovery.chain.", "gater.chain."}) {
      // Identical reader settings: the discovery and the gater share one follower.
      settings.put(prefix + "confirmations", "0");
      settings.put(prefix + "poll-interval", "500ms");
    }
    List<String> discoveries = new ArrayList<>(base.discovery());
    if (!discoveries.contains("chain")) {
      discoveries.add("chain");
    }
    return base.toBuilder()
        .discovery(discoveries)
        .gater("chain")
        .chainRpc(Optional.of(anvil.rpcUrl().toString()))
        .registry(Optional.of(registry))
        .providerSettings(settings);
  }

  /** Stops anvil (SIGTERM, then SIGKILL after 10 s). Idempotent. */
  @Override
  public void close() {
    registrar.close();
    anvil.close();
  }
}
