package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.protocols.PingService;

/**
 * The {@code connsetup} command, as the js peer runs it: sequentially, {@code count} times, a new
 * TCP + Noise + Yamux connection, a first stream (one ping), then close. {@code perSec} counts the
 * whole loop including closes; p50/p99 cover connect + ping. A dedicated host (own identity, own
 * event loops) keeps this apart from the peer's other connections.
 */
final class ConnSetup {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

  private ConnSetup() {}

  static ObjectNode run(Multiaddr address, int count, Duration timeout) throws Exception {
    PeerId peer =
        address
            .peerId()
            .orElseThrow(() -> new IllegalArgumentException(address + " has no /p2p/ id"));
    long deadline = System.nanoTime() + timeout.toNanos();
    long[] times = new long[count];
    int ok = 0;
    String firstError = null;
    long started;
    long elapsed;
    try (NettyHost host = new NettyHost(HostConfig.builder(Keys.generateEd25519()).build())) {
      host.start();
      started = System.nanoTime();
      for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
        long t0 = System.nanoTime();
        Connection c = null;
        try {
          c = host.connect(address).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          PingService.ping(host, peer, STEP_TIMEOUT);
          times[ok++] = System.nanoTime() - t0;
        } catch (Exception e) {
          if (firstError == null) {
            firstError = e.toString();
          }
        } finally {
          if (c != null) {
            c.close().get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          }
        }
      }
      elapsed = System.nanoTime() - started;
    }
    long[] sorted = Percentiles.sorted(Arrays.copyOf(times, ok));
    double elapsedMs = elapsed / 1e6;
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    out.put("count", count)
        .put("succeeded", ok)
        .put("errors", count - ok)
        .put("firstError", firstError)
        .put("elapsedMs", Percentiles.round3(elapsedMs))
        .put("perSec", Percentiles.round3(ok / (elapsedMs / 1000)))
        .put("p50Ms", Percentiles.ms(sorted, 50))
        .put("p99Ms", Percentiles.ms(sorted, 99));
    return out;
  }
}
