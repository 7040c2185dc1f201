package org.subnetp2p.bench.fleet;

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
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.HostBenchmarkAccess;
import org.subnetp2p.transport.host.NettyHost;

/**
 * Many client connections from one process: one host, with an identity of its own, per connection
 * (a host keeps one connection per peer, so a thousand connections need a thousand hosts), all on
 * one shared event loop group. The dialling side of the connection-scale benchmark and of the
 * idle-connection memory benchmark.
 */
public final class ClientFleet implements AutoCloseable {
  private final @Nullable Duration dialTimeout;
  private final List<NettyHost> hosts = new ArrayList<>();
  private @Nullable EventLoopGroup group;

  /** What one {@link #open} did; {@code firstError} is null when nothing went wrong. */
  public record Opened(int succeeded, int failed, long elapsedNanos, @Nullable String firstError) {}

  /** A fleet whose hosts have the default dial timeout. */
  public ClientFleet() {
    this.dialTimeout = null;
  }

  /** A fleet whose hosts give up a dial after {@code dialTimeout}. */
  public ClientFleet(Duration dialTimeout) {
    this.dialTimeout = dialTimeout;
  }

  /**
   * Opens {@code count} more connections, each from a new host, spread in turn over {@code
   * targets}, {@code parallel} dials at a time, and waits for them until {@code timeout} has
   * passed. Stops early, saying why in {@code firstError}, when the deadline passes with dials in
   * flight or a host cannot be made (at scale: out of file descriptors or memory).
   */
  public synchronized Opened open(
      List<Multiaddr> targets, int count, int parallel, Duration timeout)
      throws InterruptedException {
    if (group == null) {
      group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    Semaphore slots = new Semaphore(parallel);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        firstError.compareAndSet(null, "deadline passed with dials in flight");
        break;
      }
      NettyHost host;
      try {
        host = HostBenchmarkAccess.onSharedGroup(hostConfig(), group);
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
    return new Opened(ok.get(), failed.get(), System.nanoTime() - started, firstError.get());
  }

  private HostConfig hostConfig() {
    HostConfig.Builder config = HostConfig.builder(Keys.generateEd25519());
    if (dialTimeout != null) {
      config.dialTimeout(dialTimeout);
    }
    return config.build();
  }

  /** Closes every host and the shared event loops; returns how many hosts were closed. */
  public synchronized int closeAll() {
    int n = hosts.size();
    hosts.forEach(NettyHost::close);
    hosts.clear();
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
      group = null;
    }
    return n;
  }

  @Override
  public void close() {
    closeAll();
  }
}
