package org.subnetp2p.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * How many concurrent idle connections one Java node holds on this machine, and its heap per
 * connection at each count. A server process (one host on a few loopback ports) and client
 * processes (each up to {@code --per-client} connections, one identity per connection on a shared
 * event loop group) are started by this one; it steps the count up (1k, 2k, 5k, 10k, 20k, …) and
 * after each step measures the server after full GCs. It stops at the first step that fails and
 * says why: a dial error (e.g. the server out of file descriptors), the server not holding the
 * count, a step past its deadline, or a process gone (e.g. out of memory).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.subnetp2p.bench.scale.ConnectionScale \
 *     [--steps 1000,2000,5000,10000,20000,50000] [--ports 4] [--per-client 9000]
 *     [--parallel 32] [--server-heap 2g] [--client-heap 2g] [--step-timeout 15m]
 *     [--out bench/results/scale]
 * </pre>
 *
 * Each process's open files are limited by {@code ulimit -n} (raise it as far as allowed before
 * running); the clients dial the server's ports in turn, so each port has its own range of
 * ephemeral ports (about 28k on a default Linux).
 */
public final class ConnectionScale {
  private static final Duration SETTLE = Duration.ofSeconds(3);
  private static final Duration MEASURE_TIMEOUT = Duration.ofMinutes(2);

  private ConnectionScale() {}

  /** Runs the ladder, or one of the child roles ({@code --serve}, {@code --client}). */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("options come in pairs: " + Arrays.toString(args));
    }
    int parallel = Integer.parseInt(o.getOrDefault("--parallel", "32"));
    Duration stepTimeout = duration(o.getOrDefault("--step-timeout", "15m"));
    if (o.containsKey("--serve")) {
      ScaleServer.serve(Integer.parseInt(o.get("--serve")));
      System.exit(0);
    }
    if (o.containsKey("--client")) {
      List<Multiaddr> targets =
          Arrays.stream(o.get("--client").split(",")).map(Multiaddr::parse).toList();
      ScaleClient.serve(targets, parallel, stepTimeout);
      System.exit(0);
    }
    int[] steps =
        Arrays.stream(o.getOrDefault("--steps", "1000,2000,5000,10000,20000,50000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int ports = Integer.parseInt(o.getOrDefault("--ports", "4"));
    int perClient = Integer.parseInt(o.getOrDefault("--per-client", "9000"));
    String serverHeap = o.getOrDefault("--server-heap", "2g");
    String clientHeap = o.getOrDefault("--client-heap", "2g");
    Path out = Path.of(o.getOrDefault("--out", "bench/results/scale"));
    new Ladder(steps, ports, perClient, serverHeap, clientHeap, parallel, stepTimeout, out).run();
    System.exit(0);
  }

  static Duration duration(String v) {
    long n = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("not a duration: " + v);
    };
  }

  /** The server's answer to {@code measure}. */
  private record Measured(long connections, long heapBytes, long rssKiB, long fds, long threads) {
    static Measured parse(String line) throws IOException {
      if (!line.startsWith("measured ")) {
        throw new IOException("unexpected answer from the server: " + line);
      }
      Map<String, Long> v = new HashMap<>();
      for (String kv : line.substring(9).split(" ")) {
        String[] p = kv.split("=", 2);
        v.put(p[0], Long.parseLong(p[1]));
      }
      return new Measured(
          v.get("connections"),
          v.get("heapUsedBytes"),
          v.get("rssKiB"),
          v.get("fds"),
          v.get("threads"));
    }
  }

  private record Ladder(
      int[] steps,
      int ports,
      int perClient,
      String serverHeap,
      String clientHeap,
      int parallel,
      Duration stepTimeout,
      Path out) {

    void run() throws Exception {
      Files.createDirectories(out);
      Path md =
          out.resolve(
              "scale-"
                  + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                      .withZone(ZoneOffset.UTC)
                      .format(Instant.now())
                  + ".md");
      List<ChildJvm> clients = new ArrayList<>();
      List<Integer> held = new ArrayList<>(); // connections opened per client
      try (ChildJvm server =
          ChildJvm.start("server", serverHeap, List.of("--serve", Integer.toString(ports)))) {
        String listening = server.read(Duration.ofMinutes(2));
        List<String> addresses =
            Arrays.asList(listening.substring("listening ".length()).split(" "));
        String targets = String.join(",", addresses);
        report(
            md,
            String.format(
                Locale.ROOT,
                "# Connection scale, %s UTC%n%nserver pid %d (max heap %s) on %d ports; clients of"
                    + " up to %d connections each (max heap %s), %d dials at a time; %d cores;"
                    + " this process's open-file limit: see `ulimit -n`%n%n"
                    + "| connections | held by the server | step time (s) | dials/s | server heap"
                    + " after GC (MiB) | heap per connection (KiB) | server RSS (MiB) | RSS per"
                    + " connection (KiB) | server fds | server threads |%n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
                DateTimeFormatter.ISO_LOCAL_DATE_TIME
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                server.pid(),
                serverHeap,
                ports,
                perClient,
                clientHeap,
                parallel,
                Runtime.getRuntime().availableProcessors()));

        // Warm the server (code, buffer pools) with a few connections opened and closed.
        try (ChildJvm warm = client(targets)) {
          warm.request("open 200", stepTimeout);
        }
        Measured baseline = settledBaseline(server);
        System.out.printf(
            Locale.ROOT,
            "baseline after warm-up: %d connections, heap %.1f MiB, RSS %.1f MiB, %d fds%n",
            baseline.connections(),
            baseline.heapBytes() / 1048576.0,
            baseline.rssKiB() / 1024.0,
            baseline.fds());

        int total = 0;
        String stop = null;
        for (int step : steps) {
          long started = System.nanoTime();
          int ok = 0;
          int failed = 0;
          String firstError = null;
          while (total + failed < step && stop == null) {
            if (clients.isEmpty() || held.get(held.size() - 1) >= perClient) {
              clients.add(client(targets));
              held.add(0);
            }
            int last = clients.size() - 1;
            int n = Math.min(step - total - failed, perClient - held.get(last));
            String answer;
            try {
              answer = clients.get(last).request("open " + n, stepTimeout.plusMinutes(1));
            } catch (IOException e) {
              stop = "client " + last + ": " + e.getMessage();
              break;
            }
            Map<String, String> a = answer(answer);
            int stepOk = Integer.parseInt(a.get("ok"));
            int stepFailed = Integer.parseInt(a.get("failed"));
            ok += stepOk;
            failed += stepFailed;
            total += stepOk;
            held.set(last, held.get(last) + stepOk + stepFailed);
            if (!a.get("firstError").equals("-")) {
              firstError = a.get("firstError");
            }
            if (stepOk + stepFailed < n) {
              stop =
                  "client "
                      + last
                      + " opened "
                      + (stepOk + stepFailed)
                      + " of "
                      + n
                      + ": "
                      + firstError;
            }
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          Thread.sleep(SETTLE.toMillis());
          Measured m;
          try {
            m = Measured.parse(server.request("measure", MEASURE_TIMEOUT));
          } catch (IOException e) {
            stop = (stop == null ? "" : stop + "; ") + "server: " + e.getMessage();
            report(md, String.format(Locale.ROOT, "| %d | server gone | | | | | | | | |%n", step));
            break;
          }
          double heapPer =
              (m.heapBytes() - baseline.heapBytes()) / 1024.0 / Math.max(1, m.connections());
          double rssPer = (m.rssKiB() - baseline.rssKiB()) / (double) Math.max(1, m.connections());
          report(
              md,
              String.format(
                  Locale.ROOT,
                  "| %d | %d | %.1f | %.0f | %.1f | %.2f | %.1f | %.1f | %d | %d |%n",
                  step,
                  m.connections(),
                  seconds,
                  ok / seconds,
                  m.heapBytes() / 1048576.0,
                  heapPer,
                  m.rssKiB() / 1024.0,
                  rssPer,
                  m.fds(),
                  m.threads()));
          if (failed > 0 && stop == null) {
            stop = failed + " dials failed at step " + step + "; first error: " + firstError;
          }
          if (m.connections() < total && stop == null) {
            stop = "the server holds " + m.connections() + " of " + total + " connections";
          }
          if (stop != null) {
            break;
          }
        }
        report(
            md,
            String.format(
                Locale.ROOT, "%n%s%n", stop == null ? "Every step held." : "Stopped: " + stop));
      } finally {
        for (ChildJvm c : clients) {
          c.close();
        }
      }
      System.out.println("written " + md);
    }

    /** Waits (bounded) for the warm-up's connections to be gone, then measures. */
    private Measured settledBaseline(ChildJvm server) throws IOException, InterruptedException {
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Measured m = Measured.parse(server.request("measure", MEASURE_TIMEOUT));
      while (m.connections() > 0 && System.nanoTime() < until) {
        Thread.sleep(1000);
        m = Measured.parse(server.request("measure", MEASURE_TIMEOUT));
      }
      return m;
    }

    private ChildJvm client(String targets) throws IOException, InterruptedException {
      ChildJvm c =
          ChildJvm.start(
              "client",
              clientHeap,
              List.of(
                  "--client",
                  targets,
                  "--parallel",
                  Integer.toString(parallel),
                  "--step-timeout",
                  stepTimeout.toSeconds() + "s"));
      String ready = c.read(Duration.ofMinutes(2));
      if (!ready.equals("ready")) {
        throw new IOException("client: " + ready);
      }
      return c;
    }

    private static Map<String, String> answer(String line) throws IOException {
      if (!line.startsWith("opened ")) {
        throw new IOException("unexpected answer from a client: " + line);
      }
      Map<String, String> v = new HashMap<>();
      String rest = line.substring(7);
      int e = rest.indexOf("firstError=");
      for (String kv : rest.substring(0, e).trim().split(" ")) {
        String[] p = kv.split("=", 2);
        v.put(p[0], p[1]);
      }
      v.put("firstError", rest.substring(e + "firstError=".length()));
      return v;
    }

    private static void report(Path md, String text) throws IOException {
      System.out.print(text);
      Files.writeString(md, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
