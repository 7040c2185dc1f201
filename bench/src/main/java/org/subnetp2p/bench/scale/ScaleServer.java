package org.subnetp2p.bench.scale;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
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
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    NettyHost host =
        new NettyHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(listen)
                .maxConnections(Integer.MAX_VALUE)
                .meterRegistry(meters)
                .build());
    host.start();
    System.out.println(
        "listening "
            + host.dialableAddresses().stream()
                .map(Multiaddr::toString)
                .collect(Collectors.joining(" ")));
    System.out.flush();
    FdReserve reserve = new FdReserve();
    reserve.take();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("measure")) {
        System.err.println(closes(meters));
        System.out.println(measure(host, reserve));
        System.out.flush();
      }
    }
    host.close();
  }

  /**
   * {@code measured connections=… heapUsedBytes=… rssKiB=… fds=… threads=…}. Reading {@code /proc}
   * takes a descriptor, which a server at its limit does not have: it gives back its reserve for
   * the reading, and says -1 for what it still could not read rather than end.
   */
  private static String measure(NettyHost host, FdReserve reserve) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long rss;
    long fds;
    reserve.release();
    try {
      rss = orMinusOne(() -> statusKiB("VmRSS"));
      fds = orMinusOne(ScaleServer::openFds);
    } finally {
      reserve.take();
    }
    return String.format(
        Locale.ROOT,
        "measured connections=%d heapUsedBytes=%d rssKiB=%d fds=%d threads=%d",
        host.connections().size(),
        heap,
        rss,
        fds,
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  /** {@code server: closed …, accept failures …}: why connections ended, so far, for the log. */
  private static String closes(MeterRegistry meters) {
    String closed =
        meters.find("subnet.connections.closed").counters().stream()
            .filter(c -> c.count() > 0)
            .map(c -> c.getId().getTag("reason") + "=" + (long) c.count())
            .sorted()
            .collect(Collectors.joining(" "));
    long acceptFailures = (long) meters.get("subnet.connections.accept.failures").counter().count();
    return "server: closed by reason: "
        + (closed.isEmpty() ? "none" : closed)
        + "; failed accepts: "
        + acceptFailures;
  }

  private interface ProcRead {
    long read() throws IOException;
  }

  private static long orMinusOne(ProcRead read) {
    try {
      return read.read();
    } catch (IOException e) {
      System.err.println("server: cannot read /proc: " + e.getMessage());
      return -1;
    }
  }

  /**
   * A few descriptors held open so that measuring works at the descriptor limit: released just
   * before reading {@code /proc}, taken again after (as many as can be).
   */
  private static final class FdReserve {
    private final List<FileChannel> held = new ArrayList<>();

    void take() {
      while (held.size() < 4) {
        try {
          held.add(FileChannel.open(Path.of("/dev/null")));
        } catch (IOException e) {
          return;
        }
      }
    }

    void release() {
      for (FileChannel c : held) {
        try {
          c.close();
        } catch (IOException e) {
          // closing /dev/null does not fail
        }
      }
      held.clear();
    }
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
