package org.subnetp2p.transport.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Single-stream throughput over loopback TCP (no Noise): a measurement, not an assertion. Run with
 * {@code -Dyamux.throughput=true}.
 */
@EnabledIfSystemProperty(named = "yamux.throughput", matches = "true")
class YamuxThroughputTest {
  private static final int SIZE = 100 * 1024 * 1024;

  @Test
  void measuresOneStream() throws Exception {
    // Paranoid leak tracking records every buffer access: measure without it.
    ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    try (Loopback net = new Loopback()) {
      BlockingQueue<YamuxStream> atServer = new LinkedTransferQueue<>();
      YamuxConfig config = YamuxConfig.defaults();
      InetSocketAddress address = net.listen(config, atServer::add);
      YamuxSession client = net.connect(address, config, s -> s.reset());
      byte[] chunk = new byte[256 * 1024];
      for (int round = 0; round < 5; round++) {
        YamuxStream out = client.openStream().get(5, TimeUnit.SECONDS);
        YamuxStream in = atServer.poll(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        Future<?> writer =
            net.virtualThreads()
                .submit(
                    () -> {
                      for (int sent = 0; sent < SIZE; sent += chunk.length) {
                        out.write(chunk);
                      }
                      out.closeWrite();
                      return null;
                    });
        byte[] buffer = new byte[256 * 1024];
        long received = 0;
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
          received += n;
        }
        writer.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(received).isEqualTo(SIZE);
        System.out.printf(
            "yamux loopback, one stream, 100 MiB: %.3f s, %.0f MiB/s (%.2f Gbit/s), final"
                + " receive window %d KiB, min RTT %s%n",
            seconds,
            SIZE / seconds / (1 << 20),
            SIZE * 8 / seconds / 1e9,
            in.receiveWindowSize() / 1024,
            in.session().rtt());
        in.close();
        out.close();
      }
    } finally {
      ResourceLeakDetector.setLevel(level);
    }
  }
}
