package org.subnetp2p.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.bench.fleet.ClientFleet;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The dialling side of {@link ConnectionScale}: a {@link ClientFleet} spread over the server's
 * addresses. Answers {@code open <count>} with {@code opened ok=… failed=… ms=… fds=…
 * firstError=…}.
 */
final class ScaleClient {
  private ScaleClient() {}

  static void serve(List<Multiaddr> targets, int parallel, Duration timeout)
      throws IOException, InterruptedException {
    try (ClientFleet fleet = new ClientFleet(Duration.ofSeconds(30))) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("ready");
      System.out.flush();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("open ")) {
          ClientFleet.Opened opened =
              fleet.open(targets, Integer.parseInt(line.substring(5)), parallel, timeout);
          System.out.println(
              String.format(
                  Locale.ROOT,
                  "opened ok=%d failed=%d ms=%d fds=%d firstError=%s",
                  opened.succeeded(),
                  opened.failed(),
                  TimeUnit.NANOSECONDS.toMillis(opened.elapsedNanos()),
                  ScaleServer.openFds(),
                  opened.firstError() == null ? "-" : opened.firstError().replace('\n', ' ')));
          System.out.flush();
        }
      }
    }
  }
}
