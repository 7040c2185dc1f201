package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node as a user runs it: the js-libp2p client calls {@code java -jar subnet-node.jar run}
 * (only a loopback listen address: default limits, default logging, default JVM), and, in the same
 * round, the js server, with {@code concurrency} task calls of 64 B in flight on one connection.
 * Unlike {@link ReqRespScenario}'s Java peer, nothing is tuned: requests beyond the template's
 * per-peer limit wait their turn.
 */
final class ShippedNodeScenario implements Scenario {
  static final String NODE = "js→subnet-node";
  static final String JS = "js→js";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final Path NODE_JAR = Path.of("node-app/target/subnet-node.jar");

  private final int concurrency;
  private static volatile String nodeAddress; // one node for every round and concurrency

  ShippedNodeScenario(int concurrency) {
    this.concurrency = concurrency;
  }

  static String name(int concurrency) {
    return "subnet-node run as shipped: req/resp 64 B, " + concurrency + " in flight";
  }

  @Override
  public String name() {
    return name(concurrency);
  }

  @Override
  public void run(Session session, int round) throws Exception {
    String node = node(session);
    PeerProcess client = session.client(Impl.JS);
    PeerProcess jsServer = session.server(Impl.JS);
    for (String pair : List.of(NODE, JS)) {
      String address = pair.equals(NODE) ? node : jsServer.address();
      JsonNode r =
          client.command(
              "bench",
              TIMEOUT,
              "addr",
              address,
              "calls",
              session.config.calls(),
              "warmup",
              session.config.warmup(),
              "concurrency",
              concurrency,
              "payloadBytes",
              64,
              "callTimeoutMs",
              60_000);
      int errors = r.path("errors").asInt() + r.path("warmupErrors").asInt();
      if (errors > 0) {
        session.results.error(
            name()
                + " "
                + pair
                + " round "
                + round
                + ": "
                + errors
                + " failed calls; first: "
                + r.path("firstError").asText());
      }
      session.results.add(name(), "throughput", pair, "ops/s", r.path("opsPerSec").asDouble());
      session.results.add(name(), "p50", pair, "ms", r.path("p50Ms").asDouble());
      session.results.add(name(), "p99", pair, "ms", r.path("p99Ms").asDouble());
      session.results.add(name(), "failed calls", pair, "calls", errors);
      session.log(
          "%s %s: %.0f ops/s, p50 %.3f ms, p99 %.3f ms, %d failed",
          name(),
          pair,
          r.path("opsPerSec").asDouble(),
          r.path("p50Ms").asDouble(),
          r.path("p99Ms").asDouble(),
          errors);
    }
  }

  /** The shipped node, started on first use: {@code java -jar subnet-node.jar run --listen ...}. */
  private static synchronized String node(Session session) throws Exception {
    if (nodeAddress != null) {
      return nodeAddress;
    }
    if (!Files.isRegularFile(NODE_JAR)) {
      throw new IllegalStateException(NODE_JAR + " is missing: bench/run.sh builds it");
    }
    Path work = Files.createTempDirectory("subnet-node-bench");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        session.launcher.start(
            List.of(
                java,
                "-jar",
                NODE_JAR.toAbsolutePath().toString(),
                "run",
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--identity",
                work.resolve("identity.key").toString()));
    CompletableFuture<String> address = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("subnet-node output")
        .start(
            () -> {
              // stdout and stderr together; keep reading so the node never blocks on a full pipe.
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("/ip4/") && line.contains("/p2p/")) {
                    address.complete(line.trim());
                  }
                }
              } catch (IOException e) {
                // the node ended
              }
              address.completeExceptionally(new IOException("subnet-node exited"));
            });
    String listening = address.get(60, TimeUnit.SECONDS);
    session.log("subnet-node run listening on %s (pid %d)", listening, p.pid());
    // The JIT needs tens of thousands of calls; js→js is warmed alike so neither starts cold.
    int calls = session.config.processWarmupCalls();
    if (calls > 0) {
      for (String target : List.of(listening, session.server(Impl.JS).address())) {
        WarmUp.calls(session.client(Impl.JS), target, calls, 64);
      }
      session.log("warmed up %s and %s", NODE, JS);
    }
    nodeAddress = listening;
    return nodeAddress;
  }
}
