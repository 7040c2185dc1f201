package org.subnetp2p.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Network faults inside a container's network namespace, made with the host's {@code iptables} and
 * {@code ss} through {@code nsenter} (the node image has no shell and no iproute2; Docker runs on
 * this machine, as root, so the container's namespace is the host's to enter). A fault lasts until
 * it is cleared or the container goes.
 */
final class NetworkFaults {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String INTERFACE = "eth0";

  /** A node's delay line listens on its port plus this. */
  private static final int DELAY_LINE_OFFSET = 100;

  private NetworkFaults() {}

  /**
   * Drops every packet that reaches {@code node} from {@code sources} (IPs), as a cut link does:
   * silently, so the senders find out only by their own deadlines. Done on both sides, no packet
   * crosses.
   */
  static void dropFrom(NodeContainer node, Collection<String> sources) {
    for (String ip : sources) {
      inNamespace(node, "iptables", "-w", "-A", "INPUT", "-s", ip, "-j", "DROP");
    }
  }

  /** Removes what {@link #dropFrom} added. */
  static void stopDropping(NodeContainer node) {
    inNamespace(node, "iptables", "-w", "-F", "INPUT");
  }

  /**
   * Holds every byte of {@code node}'s connections for {@code oneWay} in each direction, and drops
   * {@code lossPercent} of the packets reaching it. This kernel has no netem, so the delay comes
   * from a {@link DelayLine} in the node's namespace that the node's inbound connections are
   * redirected through: with it on every node, each connection between two nodes crosses one line,
   * and its round trip grows by twice {@code oneWay}. The loss is the kernel's, made by iptables,
   * so TCP really retransmits. The connections open before are cut, for the nodes to dial again
   * through the lines.
   */
  static void delayAndLose(NodeContainer node, Duration oneWay, String lossPercent) {
    String port = Integer.toString(node.port());
    String linePort = Integer.toString(node.port() + DELAY_LINE_OFFSET);
    CallResult started =
        node.cli()
            .run(
                "delay line",
                "",
                DEADLINE,
                List.of("delay", linePort, port, Long.toString(oneWay.toMillis())));
    if (started.exitCode() != 0) {
      throw new IllegalStateException(node.alias() + "'s delay line did not start: " + started);
    }
    inNamespace(
        node,
        "iptables",
        "-w",
        "-t",
        "nat",
        "-A",
        "PREROUTING",
        "-i",
        INTERFACE,
        "-p",
        "tcp",
        "--dport",
        port,
        "-j",
        "REDIRECT",
        "--to-ports",
        linePort);
    double probability = Double.parseDouble(lossPercent) / 100;
    inNamespace(
        node,
        "iptables",
        "-w",
        "-A",
        "INPUT",
        "-i",
        INTERFACE,
        "-m",
        "statistic",
        "--mode",
        "random",
        "--probability",
        Double.toString(probability),
        "-j",
        "DROP");
    inNamespace(node, "ss", "-K", "-t", "state", "established", "not", "dst", "127.0.0.1");
  }

  /**
   * Stops redirecting and dropping; the connections made through the delay line keep their delay
   * until they close.
   */
  static void stopDelayAndLoss(NodeContainer node) {
    inNamespace(node, "iptables", "-w", "-t", "nat", "-F", "PREROUTING");
    inNamespace(node, "iptables", "-w", "-F", "INPUT");
  }

  /** How many connections {@code node}'s delay line relayed. */
  static long delayedConnections(NodeContainer node) {
    CallResult r = node.cli().run("delayed", "", DEADLINE, List.of("delayed"));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(node.alias() + "'s delay line: " + r);
    }
    return Long.parseLong(r.output());
  }

  private static void inNamespace(NodeContainer node, String... command) {
    long pid =
        node.getDockerClient()
            .inspectContainerCmd(node.getContainerId())
            .exec()
            .getState()
            .getPidLong();
    List<String> full = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n"));
    full.addAll(List.of(command));
    HostProcess result;
    try {
      result = HostProcess.run(Path.of("/"), DEADLINE, full.toArray(String[]::new));
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", full) + " failed to run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", full)
              + " in "
              + node.alias()
              + "'s network namespace exited "
              + result.exitCode()
              + " (run the tests as root on the Docker host, with iptables and iproute2): "
              + result.output());
    }
  }
}
