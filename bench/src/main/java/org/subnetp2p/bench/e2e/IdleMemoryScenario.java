package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Memory of a server holding {@link RunConfig#idleConnections} idle connections, opened by one Java
 * client process with one identity per connection on a shared event loop group. Fresh processes
 * every round; the server is warmed by a tenth as many connections (opened and closed) first, so
 * the figures are the cost per connection, not one-time code and buffer-pool growth.
 *
 * <p>Java server: RSS from {@code /proc} and heap used after full GCs, both as the growth per
 * connection. js server: RSS growth only (V8's heap is not reachable from outside).
 */
final class IdleMemoryScenario implements Scenario {
  static final String NAME = "idle connections";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(3);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Session session, int round) throws Exception {
    for (Impl serverImpl : List.of(Impl.JAVA, Impl.JS)) {
      if (session.pairs.stream().noneMatch(p -> p.server() == serverImpl)) {
        continue;
      }
      try (PeerProcess server = session.launcher.peer(serverImpl);
          PeerProcess client = session.launcher.peer(Impl.JAVA)) {
        measure(session, server, client);
      }
    }
  }

  private void measure(Session session, PeerProcess server, PeerProcess client)
      throws IOException, InterruptedException {
    int n = session.config.idleConnections();
    String pair = "Java→" + server.impl().label;
    open(client, server, Math.max(10, n / 10));
    client.command("closemany", TIMEOUT);
    Thread.sleep(SETTLE.toMillis());
    JsonNode heapBefore = heap(server);
    long rssBefore = server.rssKiB();

    open(client, server, n);
    Thread.sleep(SETTLE.toMillis());
    JsonNode heapAfter = heap(server);
    long rssAfter = server.rssKiB();

    double rssPerConn = (rssAfter - rssBefore) / (double) n;
    session.results.add(NAME, "RSS per connection", pair, "KiB", rssPerConn);
    session.results.add(NAME, "RSS with all connections", pair, "MiB", rssAfter / 1024.0);
    String heapNote = "";
    if (heapAfter != null) {
      double heapPerConn =
          (heapAfter.path("heapUsedBytes").asLong() - heapBefore.path("heapUsedBytes").asLong())
              / 1024.0
              / n;
      session.results.add(NAME, "heap per connection", pair, "KiB", heapPerConn);
      int held = heapAfter.path("connections").asInt();
      if (held != n) {
        session.results.error(NAME + " " + pair + ": server held " + held + " of " + n);
      }
      heapNote = String.format(", heap %.1f KiB/conn (%d connections held)", heapPerConn, held);
    }
    session.log(
        "idle %s: %d connections, RSS %.1f KiB/conn (%d MiB in all)%s",
        pair, n, rssPerConn, rssAfter / 1024, heapNote);
    client.command("closemany", TIMEOUT);
  }

  private static void open(PeerProcess client, PeerProcess server, int count) throws IOException {
    JsonNode r =
        client.command(
            "connectmany", TIMEOUT, "addr", server.address(), "count", count, "parallel", 16);
    if (r.path("succeeded").asInt() != count) {
      throw new IOException(
          "connectmany: "
              + r.path("succeeded").asInt()
              + " of "
              + count
              + " connected; first error: "
              + r.path("firstError").asText());
    }
  }

  /** The Java server's own view (heap after GC); null for a js server. */
  private static JsonNode heap(PeerProcess server) throws IOException {
    return server.impl() == Impl.JAVA ? server.command("memory", Duration.ofMinutes(1)) : null;
  }
}
