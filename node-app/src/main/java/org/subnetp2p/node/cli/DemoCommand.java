package org.subnetp2p.node.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.subnetp2p.node.ConfigException;
import org.subnetp2p.node.ConfigLoader;
import org.subnetp2p.node.Durations;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code subnet-node demo}: a network on 127.0.0.1 in this JVM. Every node is given only the first
 * node's address; once the network has settled, each calls the task protocol of every peer its
 * address book learned, and a table shows who reached whom and how the address was learned.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Start N nodes on 127.0.0.1 in this JVM, each given only the first node's address as"
          + " bootstrap. Once the network settles, each node calls the task protocol of every"
          + " peer its address book learned through the network, and a table shows caller,"
          + " callee, how the callee's address was learned, result and latency.",
      "Exits 0 if every call succeeded, 3 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  private static final int MAX_PEERS = 64;

  @Spec CommandSpec spec;

  @Option(
      names = "--peers",
      defaultValue = "5",
      paramLabel = "<n>",
      description = "Number of nodes, 2 to 64 (default: 5).")
  int peers;

  @Option(
      names = "--discovery",
      defaultValue = "",
      paramLabel = "<names>",
      description = "Discovery providers for every node, comma-separated (default: none).")
  String discovery;

  @Option(
      names = "--settle",
      defaultValue = "15s",
      paramLabel = "<duration>",
      description = "Longest wait for the network to settle before calling (default: 15s).")
  String settle;

  @Option(
      names = "--timeout",
      defaultValue = "10s",
      paramLabel = "<duration>",
      description = "Deadline of each call (default: 10s).")
  String timeout;

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
    Duration settleLimit = Durations.parse("--settle", settle);
    Duration callTimeout = Durations.parse("--timeout", timeout);
    NodeConfig base =
        NodeConfig.builder()
            .discovery(
                Arrays.stream(discovery.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList())
            // discovery answers quickly enough to show up within the settle time
            .discoveryInterval(Duration.ofSeconds(1))
            .providerSettings(Map.of("protocol.task.call-timeout", Durations.format(callTimeout)))
            .build();
    PrintWriter out = spec.commandLine().getOut();
    try (DemoNetwork network = new DemoNetwork(peers, base)) {
      out.println("nodes:");
      for (int i = 0; i < network.nodes().size(); i++) {
        Node node = network.nodes().get(i);
        out.printf("  %-7s %s%n", DemoNetwork.label(i), node.host().dialableAddresses().get(0));
      }
      out.flush();
      if (!network.settle(settleLimit)) {
        System.err.println(
            "warning: the network had not settled after " + settle + "; calling anyway");
      }
      List<DemoNetwork.Call> calls = network.callEveryKnownPeer(callTimeout);
      DemoTable.print(out, calls);
      long ok = calls.stream().filter(DemoNetwork.Call::ok).count();
      out.printf(
          "%d of %d calls succeeded across %d nodes%s%n",
          ok, calls.size(), peers, calls.isEmpty() ? " (no node learned any peer)" : "");
      out.flush();
      return !calls.isEmpty() && ok == calls.size() ? ExitCodes.OK : ExitCodes.NETWORK;
    }
  }
}
