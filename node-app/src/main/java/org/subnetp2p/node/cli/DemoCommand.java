package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.node.ConfigException;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node demo}: a network on 127.0.0.1 in this JVM. Every node is given only the first
 * node's address; once discovery has run, every node calls every other by peer id, and a table
 * shows who reached whom, which discoveries knew the address and where the address came from. With
 * {@code --with-chain} an anvil child process holds the peer registry that admits the nodes and
 * keeps out an intruder.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start N nodes on 127.0.0.1 in this JVM, each given only the first node's address as"
          + " bootstrap. Once discovery has run, every node calls the task protocol of every other"
          + " by peer id alone, and a table shows caller, callee, the caller's discoveries that"
          + " knew the callee (found by), how the address reached was learned (address from),"
          + " result and latency. The gossip heartbeat runs every --heartbeat (2s; a real subnet"
          + " beats every 20s).",
      "With --with-chain: an embedded anvil, the peer registry, every node registered and gated"
          + " by it (--gater chain, discovery chain added), and an unregistered intruder that"
          + " every node must refuse.",
      "Exits 0 if every call succeeded (and, with --with-chain, every node refused the"
          + " intruder), 3 otherwise; with --admin, when stopped by Ctrl-C or SIGTERM."
    })
final class DemoCommand implements Callable<Integer> {
  private static final int MAX_PEERS = 64;
  private static final String SUBNET_TEMPLATE_HEARTBEAT = "20s";
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;

  @Option(
      names = "--peers",
      defaultValue = "5",
      paramLabel = "<n>",
      description = "Number of nodes, 2 to 64 (default: 5).")
  int peers;

  @Option(
      names = "--discovery",
      defaultValue = "dht,gossip",
      paramLabel = "<names>",
      description = "Discovery providers of every node, comma-separated (default: dht,gossip).")
  String discovery;

  @Option(
      names = "--heartbeat",
      defaultValue = "2s",
      paramLabel = "<duration>",
      description =
          "The gossip heartbeat period of the demo's nodes (default: 2s, so the demo is quick;"
              + " run's default is 20s, as subnet-template's).")
  String heartbeat;

  @Option(
      names = "--settle",
      defaultValue = "30s",
      paramLabel = "<duration>",
      description = "Longest wait for discovery before calling (default: 30s).")
  String settle;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "<duration>",
      description = "Deadline of each call (default: 10s).")
  String timeout;

  @Option(
      names = "--admin",
      paramLabel = "<host:port>",
      description =
          "Serve node1's admin page (/, /peers, /status, /metrics) on this loopback address,"
              + " e.g. 127.0.0.1:9090, and keep serving it after the table until Ctrl-C"
              + " (default: off; the demo exits after the table).")
  String admin;

  @Option(
      names = "--with-chain",
      description =
          "Add an embedded chain: start anvil (the binary the build installs under"
              + " discovery-chain/evm, or SUBNET_ANVIL), deploy the peer registry, register every"
              + " node, run every node with --gater chain and the chain discovery added, and have"
              + " an unregistered intruder call every node: each must refuse it.")
  boolean withChain;

  /** What is open, closed last opened first: on the way out, or by the shutdown hook. */
  private final Deque<AutoCloseable> open = new ConcurrentLinkedDeque<>();

  /** The exit code once the demo is over and only serves the admin page; null before. */
  private volatile Integer serving;

  /** How the demo went: its exit code, and node1's admin page if it serves one. */
  private record Outcome(int exitCode, Optional<InetSocketAddress> adminPage) {}

  @Mixin LoggingOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.configure();
    if (peers < 2 || peers > MAX_PEERS) {
      throw new ConfigException("--peers must be between 2 and " + MAX_PEERS + ", was " + peers);
    }
    Duration settleLimit = ConfigLoader.parseDuration("--settle", settle);
    Duration callTimeout = ConfigLoader.parseDuration("--timeout", timeout);
    Duration period = ConfigLoader.parseDuration("--heartbeat", heartbeat);
    List<String> discoveries =
        Arrays.stream(discovery.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    Map<String, String> settings = new HashMap<>();
    settings.put("protocol.task.call-timeout", Durations.format(callTimeout));
    NodeConfig base =
        NodeConfig.builder()
            .discovery(discoveries)
            // the heartbeat period, and how often discovery feeds the address book
            .discoveryInterval(period)
            .providerSettings(settings)
            .build();
    Optional<InetSocketAddress> adminAddress =
        Optional.ofNullable(admin).map(a -> ConfigLoader.loopbackAddress(a, "--admin"));
    Thread hook = Thread.ofPlatform().name("demo shutdown").unstarted(this::shutDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Outcome outcome = run(base, adminAddress, settleLimit, callTimeout, period);
      if (outcome.adminPage().isEmpty()) {
        return outcome.exitCode();
      }
      serving = outcome.exitCode();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("serving the admin page at %s until Ctrl-C%n", pageUrl(outcome.adminPage().get()));
      out.flush();
      new CountDownLatch(1).await(); // until the shutdown hook ends the process
      return outcome.exitCode();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        closeAll();
      } catch (IllegalStateException e) {
        // shutting down already: the hook closes what is open
      }
    }
  }

  private Outcome run(
      NodeConfig base,
      Optional<InetSocketAddress> adminAddress,
      Duration settleLimit,
      Duration callTimeout,
      Duration period)
      throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int phases = withChain ? 5 : 3;
    int phase = 0;
    List<String> discoveries = withChain ? withChain(base.discovery()) : base.discovery();
    out.printf(
        "demo: %d nodes on 127.0.0.1, discovery %s,%s gossip heartbeat every %s (a real subnet:"
            + " every %s)%n",
        peers,
        discoveries.isEmpty() ? "none" : String.join(",", discoveries),
        withChain ? " gater chain," : "",
        Durations.format(period),
        SUBNET_TEMPLATE_HEARTBEAT);
    long begin = System.nanoTime();
    DemoChain chain = null;
    if (withChain) {
      out.printf("[%d/%d] starting anvil and deploying the peer registry%n", ++phase, phases);
      out.flush();
      Anvil anvil = DemoChain.startAnvil();
      open.push(anvil); // at once: Ctrl-C from here on stops it too
      chain = DemoChain.deploy(anvil, base.subnetId());
      open.push(chain);
      out.printf("  anvil    %s%n", chain.rpcUrl());
      out.printf("  registry %s, subnet %d%n", chain.registry(), base.subnetId());
      out.printf(
          "[%d/%d] starting the nodes with the chain gater, registering each one's peer id and"
              + " address%n",
          ++phase, phases);
    } else {
      out.printf("[%d/%d] starting the nodes, each given only node1's address%n", ++phase, phases);
    }
    out.flush();
    NodeConfig nodeBase = chain == null ? base : chain.member(base).build();
    // With the chain gater, a node dialling node1 before both are registered would be refused
    // (and that refusal cached): the nodes join once the registry admits them.
    DemoNetwork network =
        new DemoNetwork(
            peers,
            nodeBase,
            (i, c) -> i == 0 ? c.toBuilder().admin(adminAddress).build() : c,
            chain == null);
    open.push(network);
    for (int i = 0; i < network.nodes().size(); i++) {
      Node node = network.nodes().get(i);
      Multiaddr address = node.host().dialableAddresses().get(0);
      if (chain != null) {
        chain.register(node.peerId(), address);
      }
      out.printf("  %-7s %s%n", DemoNetwork.label(i), address);
      out.flush();
    }
    Optional<InetSocketAddress> page = network.nodes().get(0).adminAddress();
    page.ifPresent(a -> out.printf("  node1's admin page: %s%n", pageUrl(a)));
    if (chain != null) {
      out.printf(
          "[%d/%d] waiting until every node has read the registry, then each joins through"
              + " node1's address%n",
          ++phase, phases);
      out.flush();
      long waitStart = System.nanoTime();
      List<String> unread = network.awaitDiscovery(settleLimit, d -> d.name().equals("chain"));
      if (!unread.isEmpty()) {
        out.printf(
            "  after %s %s had not read every registration; joining anyway%n",
            Durations.format(settleLimit), String.join(", ", unread));
      }
      List<String> unjoined = network.joinFirst(callTimeout);
      if (unjoined.isEmpty()) {
        out.printf("  done in %s%n", seconds(System.nanoTime() - waitStart));
      } else {
        out.printf("  could not join: %s%n", String.join(", ", unjoined));
      }
    }
    out.printf(
        "[%d/%d] waiting until each discovery of every node knows every other node%n",
        ++phase, phases);
    out.flush();
    long waitStart = System.nanoTime();
    List<String> missing = network.awaitDiscovery(settleLimit);
    if (missing.isEmpty()) {
      out.printf("  done in %s%n", seconds(System.nanoTime() - waitStart));
    } else {
      out.printf(
          "  after %s %s still missed peers; calling anyway%n",
          Durations.format(settleLimit), String.join(", ", missing));
    }
    int callCount = peers * (peers - 1);
    out.printf(
        "[%d/%d] every node calls every other by peer id (%d calls)%s%n",
        ++phase,
        phases,
        callCount,
        chain == null ? "" : "; an unregistered intruder calls every node");
    out.flush();
    List<DemoNetwork.Call> calls = network.callEveryPeer(callTimeout);
    Optional<DemoNetwork.Intrusion> intrusion =
        chain == null ? Optional.empty() : Optional.of(network.intrude(callTimeout));
    List<DemoNetwork.Call> rows = new ArrayList<>(calls);
    intrusion.ifPresent(i -> rows.addAll(i.calls()));
    DemoTable.print(out, rows);
    long ok = calls.stream().filter(DemoNetwork.Call::ok).count();
    out.printf(
        "found by: the caller's discoveries that knew the callee; address from: how the caller"
            + " learned the address it reached (%s in all)%n",
        seconds(System.nanoTime() - begin));
    out.printf("%d of %d calls succeeded across %d nodes%n", ok, calls.size(), peers);
    boolean success = !calls.isEmpty() && ok == calls.size();
    if (intrusion.isPresent()) {
      long refusals = intrusion.get().refusals();
      out.printf(
          "intruder %s refused by %s%d nodes%n",
          intrusion.get().intruder(), refusals == peers ? "all " : refusals + " of ", peers);
      success &= refusals == peers;
    }
    out.flush();
    return new Outcome(success ? ExitCodes.OK : ExitCodes.NETWORK, page);
  }

  private static List<String> withChain(List<String> discoveries) {
    List<String> all = new ArrayList<>(discoveries);
    if (!all.contains("chain")) {
      all.add("chain");
    }
    return all;
  }

  private static String pageUrl(InetSocketAddress a) {
    return "http://" + a.getHostString() + ":" + a.getPort() + "/";
  }

  /** Closes what is open, last opened first: the nodes before the chain they read. */
  private void closeAll() {
    for (AutoCloseable c = open.poll(); c != null; c = open.poll()) {
      Closer.closeWithin(c, CLOSE_LIMIT);
    }
  }

  /**
   * On SIGTERM or Ctrl-C: closes the nodes and stops anvil, so no child process outlives the demo.
   * While the demo only serves the admin page, the stop was the expected end: the process exits
   * with the demo's result; before that, the JVM ends as the signal ends it.
   */
  private void shutDown() {
    closeAll();
    Integer result = serving;
    if (result != null) {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(result);
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
