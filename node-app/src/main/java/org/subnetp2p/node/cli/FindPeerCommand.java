package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.ConfigException;
import org.subnetp2p.node.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node find-peer}: finds a peer's addresses from a short-lived node (fresh identity,
 * not listening) that joins through the bootstrap peers and asks the selected discoveries, and
 * prints one line per address: {@code <multiaddr> <source>}.
 */
@Command(
    name = "find-peer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Find the addresses of <peer id> and print one line per address on stdout:",
      "  <multiaddr with /p2p/> <source>   (source: manual, identify, connection, dht, gossip,"
          + " chain, ...)",
      "Asks the address book, then the discoveries of --discovery, cheapest first, after joining"
          + " through --bootstrap. Exits 3 when no provider finds the peer before the timeout."
    })
final class FindPeerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<peer id>", description = "The peer to find.")
  String target;

  @Option(
      names = "--bootstrap",
      paramLabel = "<multiaddr>",
      description = "Peer to join through, with /p2p/<id>; repeatable.")
  List<String> bootstrap;

  @Option(
      names = "--discovery",
      paramLabel = "<names>",
      description =
          "Discovery providers to ask, comma-separated, from dht, gossip, chain (default:"
              + " dht,gossip).")
  String discovery;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "<duration>",
      description = "Deadline for joining and finding (default: 30s).")
  String timeout;

  @Mixin ChainOptions chain;

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.configure();
    Duration limit = ConfigLoader.parseDuration("--timeout", timeout);
    Instant deadline = Instant.now().plus(limit);
    PeerId peer = parsePeerId("<peer id>", target);
    try (TransientNode node =
        TransientNode.start(
            Keys.generateEd25519(),
            bootstrap,
            discovery == null ? TransientNode.DEFAULT_DISCOVERY : discovery,
            List.of(),
            Map.of(),
            chain,
            limit)) {
      node.awaitBootstrap(deadline);
      long left = Math.max(1, deadline.toEpochMilli() - System.currentTimeMillis());
      List<AddressBook.Entry> found =
          node.node().host().resolver().find(peer).get(left, TimeUnit.MILLISECONDS);
      PrintWriter out = spec.commandLine().getOut();
      for (AddressBook.Entry e : found) {
        out.println(e.address().withPeerId(peer) + " " + e.source().label());
      }
      out.flush();
      return ExitCodes.OK;
    } catch (ExecutionException e) {
      throw new CliException(ExitCodes.NETWORK, CallFailures.describe(e, null));
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.NETWORK, "peer " + peer + " not found within " + Durations.format(limit));
    }
  }

  /** {@code text} as a peer id, or a config error naming {@code source}. */
  static PeerId parsePeerId(String source, String text) {
    try {
      return PeerId.fromString(text.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid peer id in " + source + ": " + e.getMessage(), e);
    }
  }
}
