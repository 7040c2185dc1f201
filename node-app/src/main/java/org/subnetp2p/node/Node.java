package org.subnetp2p.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.spi.Reporting;
import org.subnetp2p.node.admin.AdminServer;

/**
 * The assembled node: a host, the protocols it serves, the discoveries that feed its address book,
 * the bootstrap dials and, when configured, the admin endpoint. {@link #create} assembles one from
 * the providers its {@link NodeConfig} selects by name.
 *
 * <pre>{@code
 * try (Node node = Node.create(config, KeyFiles.loadOrCreate(config.identity()))) {
 *   node.start();
 *   TaskProtocol tasks = node.protocol(TaskProtocol.class);
 *   ...
 * }
 * }</pre>
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final NodeConfig config;
  private final Host host;
  private final ConnectionGater gater;
  private final Map<String, ProtocolBase<?, ?>> protocols;
  private final List<MultiaddrDiscovery> discoveries;
  private final ScheduledExecutorService scheduler;
  private final Bootstrapper bootstrapper;
  private AdminServer admin;
  private State state = State.NEW;

  Node(
      NodeConfig config,
      Host host,
      ConnectionGater gater,
      Map<String, ProtocolBase<?, ?>> protocols,
      List<MultiaddrDiscovery> discoveries) {
    this.config = config;
    this.host = host;
    this.gater = gater;
    this.protocols = Map.copyOf(protocols);
    this.discoveries = List.copyOf(discoveries);
    // One daemon thread for bootstrap retries and discovery refreshes: both are short hand-offs.
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("node-scheduler").daemon().factory());
    this.bootstrapper = new Bootstrapper(host, config.bootstrap(), scheduler);
  }

  /**
   * Assembles a node from the providers found with {@link java.util.ServiceLoader}.
   *
   * @throws ConfigException if the config names an unknown provider or setting, or a provider
   *     rejects its settings
   */
  public static Node create(NodeConfig config, PrivateKey identity) {
    return create(config, identity, ProviderRegistry.load());
  }

  /** Assembles a node from the providers in {@code registry}. */
  public static Node create(NodeConfig config, PrivateKey identity, ProviderRegistry registry) {
    return NodeModule.assemble(config, identity, registry);
  }

  /**
   * Listens, starts discovery, dials the bootstrap peers (in the background, retrying) and opens
   * the admin endpoint if configured. On failure everything is closed again.
   *
   * @throws IOException if a listen or admin address cannot be bound, e.g. its port is in use
   * @throws ConfigException if a listen address is not one the host can use
   */
  public synchronized void start() throws IOException {
    if (state != State.NEW) {
      throw new IllegalStateException("node already " + state.name().toLowerCase(Locale.ROOT));
    }
    state = State.STARTED;
    try {
      try {
        host.start();
      } catch (IllegalArgumentException e) {
        throw new ConfigException("cannot listen: " + e.getMessage(), e);
      }
      gater.start(host);
      for (MultiaddrDiscovery d : discoveries) {
        d.start(host);
        // Calls and connects by peer id ask the discoveries for peers the host does not know.
        host.addDiscovery(d);
      }
      new DiscoveryFeed(host, discoveries, config.discoveryInterval()).start(scheduler);
      bootstrapper.start();
      if (config.admin().isPresent()) {
        admin = AdminServer.start(config.admin().get(), host, protocols, reports());
        LOG.info(
            "admin endpoint on http://{}:{}",
            admin.address().getHostString(),
            admin.address().getPort());
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The host. */
  public Host host() {
    return host;
  }

  /** This node's peer id. */
  public PeerId peerId() {
    return host.peerId();
  }

  /** The config it was assembled from. */
  public NodeConfig config() {
    return config;
  }

  /** The protocols served, by provider name. */
  public Map<String, ProtocolBase<?, ?>> protocols() {
    return protocols;
  }

  /**
   * The protocol of type {@code type}, e.g. {@code TaskProtocol.class}.
   *
   * @throws IllegalStateException if the config did not select a provider that creates one
   */
  public <T extends ProtocolBase<?, ?>> T protocol(Class<T> type) {
    return protocols.values().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no " + type.getSimpleName() + " among the protocols " + protocols.keySet()));
  }

  /** The gater admitting peers. */
  public ConnectionGater gater() {
    return gater;
  }

  /**
   * What the discoveries and the gater report for operators, by config prefix (e.g. {@code
   * discovery.chain}, {@code gater.chain}): shown by the admin endpoint's {@code /status} and
   * {@code /metrics}.
   */
  public Map<String, Reporting> reports() {
    Map<String, Reporting> out = new LinkedHashMap<>();
    for (MultiaddrDiscovery d : discoveries) {
      if (d instanceof Reporting r) {
        out.put(ProviderKind.DISCOVERY.prefix(d.name()), r);
      }
    }
    if (gater instanceof Reporting r) {
      out.put(ProviderKind.GATER.prefix(config.gater()), r);
    }
    return out;
  }

  /** The discoveries, cheapest first. */
  public List<MultiaddrDiscovery> discoveries() {
    return discoveries;
  }

  /** Where the admin endpoint listens, once started; empty when off. */
  public synchronized Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(admin).map(AdminServer::address);
  }

  /**
   * Stops everything: admin endpoint, bootstrap retries, discoveries, the host, protocols. Bounded
   * by the host's own bounded close. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (admin != null) {
      admin.close();
    }
    bootstrapper.stop();
    scheduler.shutdownNow();
    for (MultiaddrDiscovery d : discoveries) {
      closeQuietly("discovery " + d.name(), d);
    }
    host.close();
    closeQuietly("gater " + config.gater(), gater);
    // After the host: removing a handler from a live host would push identify to every peer.
    protocols.forEach((name, p) -> closeQuietly("protocol " + name, p));
    try {
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(String what, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", what, e.toString());
    }
  }
}
