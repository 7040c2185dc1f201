package org.subnetp2p.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.NettyHost;

/**
 * The measured side of {@link ConnectionScale}: one host in its own process, listening on a few
 * loopback ports (each port has its own range of client ephemeral ports), admitting any number of
 * connections. It prints {@code listening <addr> ...} and then answers each {@code measure} line on
 * stdin with one line of its resources after full GCs; it exits when stdin closes.
 */
final class ScaleServer {
  private ScaleServer() {}

  static void serve(int ports) throws IOException, InterruptedException {
    List<Multiaddr> listen = new ArrayList<>();
    for (int i = 0; i < ports; i++) {
      listen.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    }
    NettyHost host =
        new NettyHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(listen)
                .maxConnections(Integer.MAX_VALUE)
                .build());
    host.start();
    System.out.println(
        "listening "
            + host.dialableAddresses().stream()
                .map(Multiaddr::toString)
                .collect(Collectors.joining(" ")));
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("measure")) {
        System.out.println(measure(host));
        System.out.flush();
      }
    }
    host.close();
  }

  /** {@code measured connections=… heapUsedBytes=… rssKiB=… fds=… threads=…}. */
  private static String measure(NettyHost host) throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return String.format(
        Locale.ROOT,
        "measured connections=%d heapUsedBytes=%d rssKiB=%d fds=%d threads=%d",
        host.connections().size(),
        heap,
        statusKiB("VmRSS"),
        openFds(),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  static long openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  /** A {@code kB} field of {@code /proc/self/status}. */
  static long statusKiB(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }
}
