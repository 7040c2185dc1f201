package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: raw TCP throughput on loopback with iperf3 (one stream, no encryption, no
 * multiplexing), server and client in their own processes like the peers.
 */
final class IperfScenario implements Scenario {
  static final String NAME = "iperf3 loopback";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Session session, int round) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process server =
        session.launcher.start(
            List.of("iperf3", "-s", "-1", "--forceflush", "-B", "127.0.0.1", "-p", "" + port));
    try {
      awaitListening(server);
      int seconds = session.config.iperfSeconds();
      Process client =
          session.launcher.start(
              List.of("iperf3", "-c", "127.0.0.1", "-p", "" + port, "-t", "" + seconds, "-J"));
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(() -> readAll(client), Thread::startVirtualThread);
      if (!client.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
        ProcessLauncher.stop(client);
        throw new IOException("iperf3 client did not finish within " + (seconds + 30) + " s");
      }
      JsonNode json = PeerProcess.JSON.readTree(output.get(10, TimeUnit.SECONDS));
      double bitsPerSecond =
          json.path("end").path("sum_received").path("bits_per_second").asDouble();
      if (bitsPerSecond <= 0) {
        throw new IOException("iperf3 reported no throughput: " + json.path("error").asText());
      }
      double mibps = bitsPerSecond / 8 / (1024 * 1024);
      session.results.add(NAME, "throughput", "", "MiB/s", mibps);
      session.log("iperf3: %.0f MiB/s (%.1f Gbit/s)", mibps, bitsPerSecond / 1e9);
    } finally {
      ProcessLauncher.stop(server);
    }
  }

  /** Waits, at most 10 s, for iperf3's "Server listening" line. */
  private static void awaitListening(Process server) throws Exception {
    CompletableFuture<Void> listening =
        CompletableFuture.runAsync(
            () -> {
              try {
                BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.contains("Server listening")) {
                    return;
                  }
                }
              } catch (IOException e) {
                // fall through: the server ended
              }
              throw new IllegalStateException("iperf3 server exited before listening");
            },
            Thread::startVirtualThread);
    listening.get(10, TimeUnit.SECONDS);
  }

  private static String readAll(Process p) {
    try {
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
