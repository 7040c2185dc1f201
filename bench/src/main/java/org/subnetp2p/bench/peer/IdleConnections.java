package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Many idle client connections to one server, one identity each (a host keeps one connection per
 * peer, so a thousand connections need a thousand client hosts), all on one shared event loop
 * group. For the idle-connection memory benchmark: the server's memory is what is measured.
 */
final class IdleConnections {
  private final List<NettyHost> hosts = new ArrayList<>();
  private EventLoopGroup group;

  /** Opens {@code count} connections to {@code address}, {@code parallel} dials at a time. */
  synchronized ObjectNode open(Multiaddr address, int count, int parallel, Duration timeout)
      throws InterruptedException {
    if (group == null) {
      group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Semaphore slots = new Semaphore(parallel);
    AtomicInteger ok = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<CompletableFuture<?>> dials = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        firstError.compareAndSet(null, "connectmany deadline passed");
        break;
      }
      NettyHost host =
          HostBenchmarkAccess.onSharedGroup(
              HostConfig.builder(Keys.generateEd25519()).build(), group);
      hosts.add(host);
      dials.add(
          host.connect(address)
              .whenComplete(
                  (c, e) -> {
                    slots.release();
                    if (e == null) {
                      ok.incrementAndGet();
                    } else {
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
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    out.put("count", count)
        .put("succeeded", ok.get())
        .put("firstError", firstError.get())
        .put("elapsedMs", Percentiles.round3((System.nanoTime() - started) / 1e6));
    return out;
  }

  /** Closes every client host and the shared event loops. */
  synchronized ObjectNode closeAll() {
    int n = hosts.size();
    hosts.forEach(NettyHost::close);
    hosts.clear();
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      group = null;
    }
    return JsonLinesController.JSON.createObjectNode().put("closed", n);
  }
}
