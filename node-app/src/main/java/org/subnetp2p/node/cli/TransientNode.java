package org.subnetp2p.node.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;

/**
 * The node of a one-shot command ({@code call}, {@code find-peer}): the given identity, not
 * listening, joined through the bootstrap peers, resolving peers through the selected discoveries.
 * The DHT of such a node is a client that skips the start-up random walk; its gossip discovery
 * publishes nothing (it does not listen) but learns the subnet's records at once from the inventory
 * of the bootstrap peers it connects to (the DAG sync protocol), without waiting for a heartbeat.
 */
final class TransientNode implements AutoCloseable {
  /** The discoveries that resolve a bare peer id when {@code --discovery} is not given. */
  static final String DEFAULT_DISCOVERY = "dht,gossip";

  /** Closing a dial-only node is quick; this only caps a stuck one. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(2);

  private final Node node;
  private final List<Multiaddr> bootstrap;

  private TransientNode(Node node, List<Multiaddr> bootstrap) {
    this.node = node;
    this.bootstrap = bootstrap;
  }

  /**
   * Starts a node serving {@code protocols}, with the discoveries named in {@code discovery}
   * (comma-separated, may be null), {@code settings} for the protocols and the subnet and chain of
   * {@code chain}.
   *
   * @throws org.subnetp2p.node.ConfigException for a malformed address or an unknown provider
   */
  static TransientNode start(
      PrivateKey identity,
      List<String> bootstrapFlags,
      String discovery,
      List<String> protocols,
      Map<String, String> settings,
      ChainOptions chain,
      Duration timeout)
      throws java.io.IOException {
    List<Multiaddr> bootstrap = new ArrayList<>();
    for (String b : bootstrapFlags == null ? List.<String>of() : bootstrapFlags) {
      for (String item : b.split(",")) {
        if (!item.isBlank()) {
          bootstrap.add(ConfigLoader.parseMultiaddr("--bootstrap", item, true));
        }
      }
    }
    List<String> discoveries =
        discovery == null
            ? List.of()
            : Arrays.stream(discovery.split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    Map<String, String> all = new HashMap<>(settings);
    if (discoveries.contains("dht")) {
      // One lookup is all this node makes: no random walk, and the lookup may use the whole time.
      all.put("discovery.dht.startup-refresh", "false");
      all.put("discovery.dht.lookup-timeout", Durations.format(timeout));
    }
    NodeConfig.Builder config =
        NodeConfig.builder()
            .listen(List.of())
            .bootstrap(bootstrap)
            .protocols(protocols)
            .discovery(discoveries)
            .providerSettings(all);
    chain.applyTo(config);
    Node node = Node.create(config.build(), identity);
    try {
      node.start();
      node.host().resolver().setFindTimeout(timeout);
    } catch (java.io.IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return new TransientNode(node, bootstrap);
  }

  Node node() {
    return node;
  }

  /**
   * Waits until one bootstrap peer is connected, or every one failed, or {@code deadline}. A node
   * that reaches none goes on: its address book or another discovery may still know the peer.
   */
  void awaitBootstrap(Instant deadline) {
    if (bootstrap.isEmpty()) {
      return;
    }
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (Multiaddr a : bootstrap) {
      dials.add(node.host().connect(a));
    }
    CompletableFuture<Boolean> anyConnected = new CompletableFuture<>();
    dials.forEach(d -> d.thenAccept(c -> anyConnected.complete(true)));
    CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, e) ->
                anyConnected.complete(dials.stream().anyMatch(d -> !d.isCompletedExceptionally())));
    long left = deadline.toEpochMilli() - System.currentTimeMillis();
    try {
      if (!anyConnected.get(Math.max(1, left), TimeUnit.MILLISECONDS)) {
        LoggerFactory.getLogger(TransientNode.class).warn("no bootstrap peer could be reached");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LoggerFactory.getLogger(TransientNode.class).warn("no bootstrap peer reached in time");
    }
  }

  @Override
  public void close() {
    Closer.closeWithin(node, CLOSE_LIMIT);
  }
}
