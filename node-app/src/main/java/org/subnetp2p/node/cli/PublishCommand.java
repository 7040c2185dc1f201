package org.subnetp2p.node.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.ProviderRegistry;
import org.subnetp2p.node.admin.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code subnet-node publish TOPIC TEXT --bootstrap MA...}: a short-lived node (fresh identity, not
 * listening) joins through the bootstrap peers, waits until a peer subscribed to the topic is known
 * to it, publishes TEXT (GossipSub flood-publishes to every such peer and keeps them as the topic's
 * fanout), waits until the message is written, and exits 0; 3 if no subscriber appears in time.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Publish <text> (as UTF-8) on the GossipSub topic <topic> through the --bootstrap peers.",
      "Waits until a peer subscribed to the topic is in the mesh or fanout, publishes, exits 0;",
      "exits 3 when no subscriber appears before --timeout (2 for bad input)."
    })
final class PublishCommand implements Callable<Integer> {
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);
  private static final long POLL_MILLIS = 50;

  @Parameters(index = "0", paramLabel = "<topic>", description = "The topic.")
  String topic;

  @Parameters(index = "1", paramLabel = "<text>", description = "The payload, sent as UTF-8.")
  String text;

  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "<multiaddr>",
      description = "Peer to join through, with /p2p/<id>; repeatable.")
  List<String> bootstrap;

  @Option(
      names = "--timeout",
      defaultValue = "30s",
      paramLabel = "<duration>",
      description = "How long to wait for a subscriber and the write (default: 30s).")
  String timeout;

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.configure();
    Duration limit = ConfigLoader.parseDuration("--timeout", timeout);
    long deadline = System.nanoTime() + limit.toNanos();
    List<Multiaddr> peers =
        bootstrap.stream().map(a -> ConfigLoader.parseMultiaddr("--bootstrap", a, true)).toList();
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    NodeConfig config =
        NodeConfig.builder()
            .listen(List.of())
            .bootstrap(peers)
            .protocols(List.of())
            .pubsub(ProviderRegistry.DEFAULT_PUBSUB)
            .build();
    Node node = Node.create(config, Keys.generateEd25519());
    try {
      node.start();
      PubSub pubsub = node.pubsub().orElseThrow();
      while (pubsub.peers(topic).isEmpty()) {
        if (System.nanoTime() - deadline > 0) {
          throw new CliException(
              ExitCodes.NETWORK,
              "no peer subscribed to "
                  + quoted(topic)
                  + " appeared within "
                  + Durations.format(limit));
        }
        Thread.sleep(POLL_MILLIS);
      }
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      pubsub.publish(topic, data).get(left, TimeUnit.MILLISECONDS);
      if (pubsub.meshPeers(topic).isEmpty()) {
        throw new CliException(
            ExitCodes.NETWORK, "the subscribers of " + quoted(topic) + " left before the publish");
      }
      return ExitCodes.OK;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MessageTooLargeException tooLarge) {
        throw new CliException(ExitCodes.BAD_INPUT, tooLarge.getMessage());
      }
      throw new CliException(ExitCodes.NETWORK, "publish failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCodes.NETWORK, "the message was not written within " + Durations.format(limit));
    } finally {
      Closer.closeWithin(node, CLOSE_LIMIT);
    }
  }

  private static String quoted(String s) {
    return Json.string(s);
  }
}
