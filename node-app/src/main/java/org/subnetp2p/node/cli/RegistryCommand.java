package org.subnetp2p.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.subnetp2p.core.identity.InvalidPeerIdException;
import org.subnetp2p.core.identity.KeyFiles;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.ChainKey;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.Registrar;
import org.subnetp2p.discovery.chain.RegistrarException;
import org.subnetp2p.discovery.chain.RegistryRecord;
import org.subnetp2p.discovery.chain.SkipReason;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Setting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node registry}: deploys a {@code SubnetPeerRegistry}, registers and removes peers,
 * lists a subnet. The chain account's key comes from {@code SUBNET_NODE_CHAIN_KEY} (hex) or {@code
 * --chain-key-file}, never from a flag value.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Deploy the on-chain peer registry, register, update and remove peers, list a subnet.",
    subcommands = {
      RegistryCommand.Deploy.class,
      RegistryCommand.Register.class,
      RegistryCommand.Update.class,
      RegistryCommand.Remove.class,
      RegistryCommand.ListPeers.class
    },
    footer = {
      "",
      "The chain account's private key (hex) comes from the SUBNET_NODE_CHAIN_KEY environment"
          + " variable or --chain-key-file, never from a command-line value.",
      "Exit codes: 0 success, 2 bad input, 3 the chain failed or the registry refused."
    })
final class RegistryCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: choose one of deploy, register, update, remove, list");
  }

  /** {@code --chain-rpc}'s URL; a bad one is bad input. */
  static URI chainUrl(String chainRpc) {
    try {
      return ChainSettings.parseUrl(chainRpc);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
    }
  }

  /** What every registry command takes: where the chain is, and the key. */
  static final class ChainOptions {
    @Option(
        names = "--chain-rpc",
        required = true,
        paramLabel = "<url>",
        description = "The chain's JSON-RPC endpoint, e.g. http://127.0.0.1:8545.")
    String chainRpc;

    @Option(
        names = "--chain-key-file",
        paramLabel = "<file>",
        description =
            "File holding the chain account's private key in hex (else SUBNET_NODE_CHAIN_KEY).")
    Path chainKeyFile;

    @Mixin LoggingOptions logging;

    URI url() {
      return chainUrl(chainRpc);
    }

    ChainKey key() {
      try {
        if (chainKeyFile != null) {
          return ChainKey.fromFile(chainKeyFile);
        }
        String hex = System.getenv(Setting.CHAIN_KEY_ENV);
        if (hex == null || hex.isBlank()) {
          throw new CliException(
              ExitCodes.BAD_INPUT,
              "no chain key: set "
                  + Setting.CHAIN_KEY_ENV
                  + " to the account's private key in hex, or give --chain-key-file");
        }
        return ChainKey.fromHex(hex, Setting.CHAIN_KEY_ENV);
      } catch (NoSuchFileException e) {
        throw new CliException(
            ExitCodes.BAD_INPUT, "chain key file " + chainKeyFile + " does not exist");
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.BAD_INPUT, "cannot read chain key file " + chainKeyFile + ": " + e);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.BAD_INPUT, e.getMessage());
      }
    }

    /** Runs {@code work} with a registrar signing with the key; its failure ends the command. */
    <T> T with(Work<T> work) {
      logging.configure();
      ChainKey key = key();
      try (Registrar registrar = Registrar.connect(url(), key)) {
        return work.run(registrar);
      } catch (RegistrarException e) {
        throw failure(e);
      }
    }
  }

  /** What a command does with a registrar. */
  interface Work<T> {
    T run(Registrar registrar) throws RegistrarException;
  }

  /** What the commands on one registry take. */
  static final class SubnetOptions {
    @Option(
        names = "--registry",
        required = true,
        paramLabel = "<0xaddress>",
        description = "The SubnetPeerRegistry contract's address.")
    String registry;

    @Option(names = "--subnet-id", required = true, paramLabel = "<n>", description = "The subnet.")
    String subnetId;

    BigInteger subnet() {
      try {
        BigInteger n = new BigInteger(subnetId.trim());
        if (n.signum() >= 0 && n.bitLength() <= 64) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CliException(
          ExitCodes.BAD_INPUT,
          "invalid --subnet-id \"" + subnetId + "\" (expected an integer >= 0)");
    }

    String registry() {
      if (!registry.matches("0x[0-9a-fA-F]{40}")) {
        throw new CliException(
            ExitCodes.BAD_INPUT,
            "invalid --registry \"" + registry + "\" (expected 0x and 40 hex digits)");
      }
      return registry;
    }
  }

  /**
   * A node's identity and where it can be reached: what {@code register} and {@code update} write.
   */
  static final class PeerAddressOptions {
    @Option(
        names = "--identity",
        required = true,
        paramLabel = "<file>",
        description = "The node's identity key file; its peer id is the record's key.")
    Path identity;

    @Option(
        names = "--address",
        required = true,
        paramLabel = "<multiaddr>",
        description = "Where the node can be reached, e.g. /ip4/10.0.0.5/tcp/4001.")
    String address;

    Multiaddr address() {
      return ConfigLoader.parseMultiaddr("--address", address, false);
    }

    /** The identity file's peer id; {@code at} may end in no other. */
    PeerId peer(Multiaddr at) {
      PeerId peer = PeerId.fromPublicKey(KeyFiles.read(identity).publicKey());
      if (at.peerId().filter(p -> !p.equals(peer)).isPresent()) {
        throw new CliException(
            ExitCodes.BAD_INPUT,
            "--address ends in /p2p/" + at.peerId().get() + ", not the identity's " + peer);
      }
      return peer;
    }
  }

  static CliException failure(RegistrarException e) {
    return new CliException(ExitCodes.NETWORK, e.getMessage());
  }

  static BigInteger wei(String option, String value) {
    try {
      BigInteger n = new BigInteger(value.trim());
      if (n.signum() >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(
        ExitCodes.BAD_INPUT, "invalid " + option + " \"" + value + "\" (expected wei, >= 0)");
  }

  private static void print(CommandSpec spec, String line) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Deploy a SubnetPeerRegistry; prints its address on stdout.")
  static final class Deploy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions chain;

    @Option(
        names = "--min-stake",
        defaultValue = "0",
        paramLabel = "<wei>",
        description = "The stake each registration needs, in wei (default: 0).")
    String minStake;

    @Override
    public Integer call() {
      BigInteger stake = wei("--min-stake", minStake);
      print(spec, chain.with(registrar -> registrar.deploy(stake)));
      return ExitCodes.OK;
    }
  }

  /**
   * {@code register} and {@code update}: one transaction that writes the identity's peer id with
   * {@code --address}. The address and identity are checked first, then the command's own options,
   * then the chain is reached.
   */
  abstract static class PeerRecordWrite implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin SubnetOptions subnet;
    @Mixin PeerAddressOptions node;

    /** Checks this command's own options; returns the transaction to send. */
    abstract Transaction transaction();

    @Override
    public final Integer call() {
      Multiaddr at = node.address();
      PeerId peer = node.peer(at);
      Transaction transaction = transaction();
      return chain.with(
          registrar -> {
            transaction.send(registrar, subnet.registry(), subnet.subnet(), peer, at);
            return ExitCodes.OK;
          });
    }

    /** The write of one peer record. */
    interface Transaction {
      void send(Registrar registrar, String registry, BigInteger subnet, PeerId peer, Multiaddr at)
          throws RegistrarException;
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Register the identity's peer id with a multiaddr (stored in binary form, /p2p/<id>"
              + " appended).")
  static final class Register extends PeerRecordWrite {
    @Option(
        names = "--stake",
        paramLabel = "<wei>",
        description = "The stake sent, in wei (default: the subnet's minimum).")
    String stake;

    @Override
    Transaction transaction() {
      BigInteger wei = stake == null ? null : wei("--stake", stake);
      return (registrar, registry, subnet, peer, at) ->
          registrar.register(registry, subnet, peer, at, wei);
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Change the multiaddr of the identity's peer id, which this account registered (e.g. a"
              + " node restarted on a new port); its stake stays.")
  static final class Update extends PeerRecordWrite {
    @Override
    Transaction transaction() {
      return Registrar::updateAddress;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description =
          "Remove a peer: deregisters it (stake returned) if this account registered it, else"
              + " removes it as the subnet's owner.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ChainOptions chain;
    @Mixin SubnetOptions subnet;

    @Option(
        names = "--peer",
        required = true,
        paramLabel = "<peer id>",
        description = "The peer id to remove.")
    String peer;

    @Override
    public Integer call() {
      PeerId id;
      try {
        id = PeerId.fromString(peer.trim());
      } catch (InvalidPeerIdException e) {
        throw new CliException(ExitCodes.BAD_INPUT, "invalid --peer: " + e.getMessage());
      }
      return chain.with(
          registrar -> {
            registrar.remove(subnet.registry(), subnet.subnet(), id);
            return ExitCodes.OK;
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Print the subnet's registered peers, one \"<peer id> <multiaddr>\" line each.",
        "Records that do not pass the reader's checks are counted on stderr, not printed."
      })
  static final class ListPeers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin SubnetOptions subnet;

    @Option(
        names = "--chain-rpc",
        required = true,
        paramLabel = "<url>",
        description = "The chain's JSON-RPC endpoint.")
    String chainRpc;

    @Mixin LoggingOptions logging;

    @Override
    public Integer call() {
      logging.configure();
      try (Registrar registrar = Registrar.readOnly(chainUrl(chainRpc))) {
        Registrar.Listing listing = registrar.list(subnet.registry(), subnet.subnet());
        PrintWriter out = spec.commandLine().getOut();
        for (RegistryRecord r : listing.records()) {
          out.println(r.peer() + " " + r.address());
        }
        out.flush();
        if (!listing.skipped().isEmpty()) {
          PrintWriter err = spec.commandLine().getErr();
          err.println("skipped invalid records: " + describe(listing.skipped()));
          err.flush();
        }
        return ExitCodes.OK;
      } catch (RegistrarException e) {
        throw failure(e);
      }
    }

    private static String describe(Map<SkipReason, Integer> skipped) {
      return skipped.entrySet().stream()
          .map(e -> e.getKey().label() + "=" + e.getValue())
          .collect(Collectors.joining(" "));
    }
  }
}
