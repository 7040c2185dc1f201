package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.subnetp2p.core.spi.Durations;
import org.subnetp2p.node.ConfigException;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node demo}: a network on 127.0.0.1 in this JVM. Every node is given only the first
 * node's address; once discovery has run, every node calls every other by peer id, and a table
 * shows who reached whom, which discoveries knew the address and where the address came from.
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
      "Exits 0 if every call succeeded, 3 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  private static final int MAX_PEERS = 64;
  private static final String SUBNET_TEMPLATE_HEARTBEAT = "20s";

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
          "Serve node1's admin endpoint (/peers, /status, /metrics) on this loopback"
              + " address, e.g. 127.0.0.1:9090 (default: off).")
  String admin;

  @Option(
      names = "--log-level",
      defaultValue = "warn",
      paramLabel = "<level>",
      description = "error, warn, info, debug or trace (default: warn).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    Logging.configure(ConfigLoader.parseLogLevel("--log-level", logLevel));
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
    Optional<java.net.InetSocketAddress> adminAddress =
        Optional.ofNullable(admin).map(a -> ConfigLoader.loopbackAddress(a, "--admin"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "demo: %d nodes on 127.0.0.1, discovery %s, gossip heartbeat every %s (a real subnet:"
            + " every %s)%n",
        peers,
        discoveries.isEmpty() ? "none" : String.join(",", discoveries),
        Durations.format(period),
        SUBNET_TEMPLATE_HEARTBEAT);
    out.println("[1/3] starting the nodes, each given only node1's address");
    out.flush();
    long begin = System.nanoTime();
    try (DemoNetwork network =
        new DemoNetwork(
            peers, base, (i, c) -> i == 0 ? c.toBuilder().admin(adminAddress).build() : c)) {
      for (int i = 0; i < network.nodes().size(); i++) {
        Node node = network.nodes().get(i);
        out.printf("  %-7s %s%n", DemoNetwork.label(i), node.host().dialableAddresses().get(0));
      }
      network
          .nodes()
          .get(0)
          .adminAddress()
          .ifPresent(
              a ->
                  out.printf(
                      "  node1's admin endpoint: http://%s:%d/peers%n",
                      a.getHostString(), a.getPort()));
      out.println("[2/3] waiting until each discovery of every node knows every other node");
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
      out.printf("[3/3] every node calls every other by peer id (%d calls)%n", peers * (peers - 1));
      out.flush();
      List<DemoNetwork.Call> calls = network.callEveryPeer(callTimeout);
      DemoTable.print(out, calls);
      long ok = calls.stream().filter(DemoNetwork.Call::ok).count();
      out.printf(
          "found by: the caller's discoveries that knew the callee; address from: how the caller"
              + " learned the address it reached (%s in all)%n",
          seconds(System.nanoTime() - begin));
      out.printf("%d of %d calls succeeded across %d nodes%n", ok, calls.size(), peers);
      out.flush();
      return !calls.isEmpty() && ok == calls.size() ? ExitCodes.OK : ExitCodes.NETWORK;
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
