package org.subnetp2p.bench.hostile;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.transport.host.HostBenchmarkAccess;
import org.subnetp2p.transport.host.HostileYamuxPeer;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.protocols.PerfService;

/**
 * Heap a host holds per connection while hostile peers press on it (issue 10), with the peers of
 * the transport's {@code HostilePeerTest} ({@link HostileYamuxPeer}, from its test-jar), over real
 * TCP and Noise. Each scenario: a fresh host with the default limits (keep-alive off, so that peers
 * which read nothing keep their connections), {@code n} hostile connections, then the growth of
 * heap used after full GCs divided by {@code n}. Host and peers share this process, so the figure
 * is an upper bound for the host; the host's own account of what peers made it hold (its memory
 * budget) and the direct memory of Netty's allocator are printed beside it.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.subnetp2p.bench.hostile.HostileHeap [n]}
 */
public final class HostileHeap {
  private static final String HOLD = "/bench/hold/1.0.0";

  private HostileHeap() {}

  /** A hostile peer's behaviour on its connection. */
  private interface Attack {
    void run(HostileYamuxPeer peer) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.out.printf(
        "%-44s %14s %14s %14s %12s%n",
        "scenario (" + n + " connections)",
        "heap/conn KiB",
        "budget/conn KiB",
        "direct/conn KiB",
        "open after");
    measure("idle (handshake only)", n, peer -> {});
    measure(
        "10,000 streams opened, written, never read",
        n,
        peer -> {
          peer.stopReading();
          byte[] large = new byte[32 * 1024];
          byte[] small = new byte[1024];
          for (int i = 0; i < 10_000; i++) {
            peer.openWithProposal(2 * i + 1, HOLD, i < 64 ? large : small);
          }
          peer.flushed();
        });
    measure(
        "  of which: 64 streams of 32 KiB, never read",
        n,
        peer -> {
          peer.stopReading();
          for (int i = 0; i < 64; i++) {
            peer.openWithProposal(2 * i + 1, HOLD, new byte[32 * 1024]);
          }
          peer.flushed();
        });
    measure(
        "  of which: 10,000 streams of 1 KiB, never read",
        n,
        peer -> {
          peer.stopReading();
          for (int i = 0; i < 10_000; i++) {
            peer.openWithProposal(2 * i + 1, HOLD, new byte[1024]);
          }
          peer.flushed();
        });
    measure(
        "slow reader (asks perf for 64 MiB, reads none)",
        n,
        peer -> {
          peer.openWithProposal(
              1, PerfService.PROTOCOL_ID, ByteBuffer.allocate(8).putLong(64L << 20).array());
          peer.sendData(HostileYamuxPeer.FIN, 1, new byte[0]);
          peer.stopReading();
        });
    measure(
        "a data frame over the window",
        n,
        peer -> {
          peer.openWithProposal(1, HOLD, new byte[0]);
          peer.send(HostileYamuxPeer.DATA, 0, 1, 256 * 1024 + 1);
          peer.closeFuture().await(30, TimeUnit.SECONDS);
        });
  }

  private static void measure(String name, int n, Attack attack) throws Exception {
    EventLoopGroup peers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    CountDownLatch release = new CountDownLatch(1);
    NettyHost host =
        new NettyHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .keepAliveInterval(Duration.ZERO)
                .build());
    List<HostileYamuxPeer> connected = new ArrayList<>();
    try {
      host.start();
      host.setStreamHandler(
          HOLD,
          s -> {
            release.await(10, TimeUnit.MINUTES);
            s.close();
          });
      long heapBefore = heapAfterGc();
      long directBefore = directMemory();
      for (int i = 0; i < n; i++) {
        HostileYamuxPeer peer = HostileYamuxPeer.connect(host, peers);
        connected.add(peer);
        attack.run(peer);
      }
      settle(host);
      long budget = HostBenchmarkAccess.memoryUsed(host);
      long heap = heapAfterGc() - heapBefore;
      long direct = directMemory() - directBefore;
      System.out.printf(
          Locale.ROOT,
          "%-44s %14.1f %14.1f %14.1f %12d%n",
          name,
          heap / 1024.0 / n,
          budget / 1024.0 / n,
          direct / 1024.0 / n,
          host.connections().size());
    } finally {
      release.countDown();
      connected.forEach(HostileYamuxPeer::close);
      host.close();
      peers.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  /** Waits until the host's memory use stops changing for a second (at most a minute). */
  private static void settle(NettyHost host) throws InterruptedException {
    long last = -1;
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      long now = HostBenchmarkAccess.memoryUsed(host) + host.connections().size();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** Direct memory of Netty's default allocator (the channels'), -1 if it does not say. */
  private static long directMemory() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p
        ? p.metric().usedDirectMemory()
        : -1;
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
