package org.subnetp2p.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What scenarios share during a run: the sizes, the process launcher, the results, and one
 * long-lived server and client process per implementation (the request/response and perf figures of
 * all four pairs come from these four processes; scenarios that need fresh processes start their
 * own).
 */
final class Session implements AutoCloseable {
  final RunConfig config;
  final ProcessLauncher launcher;
  final Results results = new Results();
  final List<Pair> pairs;
  private final PrintStream log;
  private final Map<Impl, PeerProcess> servers = new EnumMap<>(Impl.class);
  private final Map<Impl, PeerProcess> clients = new EnumMap<>(Impl.class);

  Session(RunConfig config, ProcessLauncher launcher, List<Pair> pairs, PrintStream log) {
    this.config = config;
    this.launcher = launcher;
    this.pairs = List.copyOf(pairs);
    this.log = log;
  }

  /** The long-lived server of {@code impl}, started on first use. */
  synchronized PeerProcess server(Impl impl) throws IOException {
    PeerProcess p = servers.get(impl);
    if (p == null) {
      p = launcher.peer(impl);
      servers.put(impl, p);
    }
    return p;
  }

  /** The long-lived client of {@code impl}, started on first use. */
  synchronized PeerProcess client(Impl impl) throws IOException {
    PeerProcess p = clients.get(impl);
    if (p == null) {
      p = launcher.peer(impl);
      clients.put(impl, p);
    }
    return p;
  }

  /** The 1, 5 and 15 minute load averages, e.g. {@code 1.52 1.31 0.98}. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  void log(String format, Object... args) {
    log.printf(
        "[%s] %s%n",
        LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
        String.format(format, args));
    log.flush();
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(PeerProcess::close);
    clients.values().forEach(PeerProcess::close);
    servers.clear();
    clients.clear();
  }
}
