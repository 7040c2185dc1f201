package org.subnetp2p.bench.scale;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.HostBenchmarkAccess;
import org.subnetp2p.transport.host.NettyHost;

/**
 * The dialling side of {@link ConnectionScale}: many client hosts, one identity each (a host keeps
 * one connection per peer), on one shared event loop group, spread over the server's addresses.
 * Answers {@code open <count>} with {@code opened ok=… failed=… ms=… fds=… firstError=…}.
 */
final class ScaleClient {
  private ScaleClient() {}

  static void serve(List<Multiaddr> targets, int parallel, Duration timeout)
      throws IOException, InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<NettyHost> hosts = new ArrayList<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("open ")) {
        System.out.println(
            open(group, hosts, targets, Integer.parseInt(line.substring(5)), parallel, timeout));
        System.out.flush();
      }
    }
    hosts.forEach(NettyHost::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static String open(
      EventLoopGroup group,
      List<NettyHost> hosts,
      List<Multiaddr> targets,
      int count,
      int parallel,
      Duration timeout)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    Semaphore slots = new Semaphore(parallel);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        firstError.compareAndSet(null, "step deadline passed with dials in flight");
        break;
      }
      NettyHost host;
      try {
        host =
            HostBenchmarkAccess.onSharedGroup(
                HostConfig.builder(Keys.generateEd25519())
                    .dialTimeout(Duration.ofSeconds(30))
                    .build(),
                group);
      } catch (RuntimeException | OutOfMemoryError e) {
        slots.release();
        firstError.compareAndSet(null, "client host: " + e);
        break;
      }
      Multiaddr target = targets.get(hosts.size() % targets.size());
      hosts.add(host);
      dials.add(
          host.connect(target)
              .whenComplete(
                  (c, e) -> {
                    slots.release();
                    if (e == null) {
                      ok.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                      firstError.compareAndSet(null, e.toString());
                    }
                  }));
    }
    try {
      CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      firstError.compareAndSet(null, e.toString());
    }
    String error = firstError.get();
    return String.format(
        Locale.ROOT,
        "opened ok=%d failed=%d ms=%d fds=%d firstError=%s",
        ok.get(),
        failed.get(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        ScaleServer.openFds(),
        error == null ? "-" : error.replace('\n', ' '));
  }
}
