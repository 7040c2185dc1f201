package org.subnetp2p.it;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.testcontainers.images.builder.Transferable;

/**
 * {@code subnet-node registry} commands on one registry and subnet, run through a node's {@link
 * CliSession} (no JVM per command), each signed by a dev account whose key is copied into the
 * node's container as a key file: the CLI takes keys from a file or the environment, and a session
 * has one environment for all its commands.
 */
final class RegistryCli {
  /** Dev account 0's first contract: deployed on a fresh chain, the registry lands here. */
  static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  static final String SUBNET = "1";
  private static final String KEY_FILE = "/tmp/chain.key";
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final String rpcUrl;

  RegistryCli(String rpcUrl) {
    this.rpcUrl = rpcUrl;
  }

  /** The flags that make {@code run}, {@code call} or {@code find-peer} read this registry. */
  List<String> readFlags() {
    List<String> flags = new ArrayList<>(List.of("--chain-rpc", rpcUrl));
    flags.addAll(subnetFlags());
    return flags;
  }

  /** The flags naming the registry and the subnet, which every command but deploy takes. */
  static List<String> subnetFlags() {
    return List.of("--registry", REGISTRY, "--subnet-id", SUBNET);
  }

  /** Deploys the registry from {@code node}, signed by dev account 0. */
  void deploy(NodeContainer node) {
    String address = run(node, 0, "deploy").output();
    if (!address.equals(REGISTRY)) {
      throw new IllegalStateException("registry deployed at " + address + ", not " + REGISTRY);
    }
  }

  /**
   * Registers {@code node}'s identity at its address, signed by dev account {@code account}, from
   * {@code through}'s session: its identity file is copied there first. One session for every
   * registration loads Web3j in one JVM rather than in each node's.
   */
  CallResult register(NodeContainer through, NodeContainer node, int account) {
    String identity = NodeContainer.IDENTITY;
    if (through != node) {
      byte[] key = node.copyFileFromContainer(identity, InputStream::readAllBytes);
      identity = "/tmp/identity-" + node.alias() + ".key";
      through.copyFileToContainer(Transferable.of(key, 0600), identity);
    }
    return run(through, account, "register", subnetFlags(node, identity));
  }

  /**
   * {@code node} moves its registration to its address now (it registered with {@code account}).
   */
  CallResult update(NodeContainer node, int account) {
    return run(node, account, "update", subnetFlags(node, NodeContainer.IDENTITY));
  }

  /** The flags naming the subnet, an identity file of {@code node} and its address now. */
  private static List<String> subnetFlags(NodeContainer node, String identity) {
    return peerFlags(identity, withoutPeerId(node.address()));
  }

  /** The flags of {@code register} and {@code update}: the subnet, an identity and an address. */
  static List<String> peerFlags(String identity, String address) {
    List<String> flags = new ArrayList<>(subnetFlags());
    flags.addAll(List.of("--identity", identity, "--address", address));
    return flags;
  }

  /** {@code address} without its {@code /p2p/<id>}. */
  static String withoutPeerId(String address) {
    return address.substring(0, address.indexOf("/p2p/"));
  }

  private CallResult run(NodeContainer node, int account, String command) {
    return run(node, account, command, List.of());
  }

  private CallResult run(NodeContainer node, int account, String command, List<String> more) {
    node.copyFileToContainer(
        Transferable.of(DevAccounts.hex(account).getBytes(StandardCharsets.US_ASCII), 0600),
        KEY_FILE + account);
    List<String> arguments = new ArrayList<>(List.of("registry", command));
    arguments.addAll(more);
    arguments.addAll(List.of("--chain-rpc", rpcUrl, "--chain-key-file", KEY_FILE + account));
    CallResult r = node.cli().run("registry " + command, "", DEADLINE, arguments);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("registry " + command + " in " + node.alias() + ": " + r);
    }
    return r;
  }
}
