package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Concurrent callers share one dial to a peer, each with a future of its own: one caller giving up
 * never fails the others, and callers arriving as the dial finishes get its connection rather than
 * dialling a second one (which would replace the first and reset every stream on it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedDialTest {
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeHosts() throws IOException {
    hosts.close();
    if (proxy != null) {
      proxy.close();
    }
  }

  private FreezableProxy proxy;

  /** A host behind a frozen proxy: a dial to it connects over TCP, then waits. */
  private Multiaddr behindFrozenProxy(NettyHost b) throws IOException {
    String[] parts = b.listenAddresses().get(0).toString().split("/");
    proxy = new FreezableProxy(new InetSocketAddress("127.0.0.1", Integer.parseInt(parts[4])));
    proxy.freeze();
    return proxy.address(b.peerId());
  }

  @Test
  void oneCallerGivingUpLeavesTheDialToTheOthers() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Multiaddr address = behindFrozenProxy(b);
    CompletableFuture<Connection> first = a.connect(address);
    CompletableFuture<Connection> second = a.connect(address);

    first.cancel(true); // e.g. its call's deadline passed

    assertThat(second).isNotDone();
    proxy.thaw();
    assertThat(second.get(10, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    assertThat(first).isCancelled();
    assertThat(proxy.accepted()).as("one dial, shared").isEqualTo(1);
  }

  @Test
  void aDialNoCallerWaitsForIsAbandoned() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Multiaddr address = behindFrozenProxy(b);
    CompletableFuture<Connection> only = a.connect(address);
    Awaitility.await("the proxy accepted the dial")
        .atMost(Duration.ofSeconds(10))
        .until(() -> proxy.accepted() > 0);

    only.cancel(true);
    CompletableFuture<Connection> later = a.connect(address);

    // The abandoned dial is not joined: the later caller dials afresh, and gets through.
    proxy.thaw();
    assertThat(later.get(10, TimeUnit.SECONDS).remotePeer()).isEqualTo(b.peerId());
    assertThat(proxy.accepted()).isEqualTo(2);
  }

  /**
   * The spurious reset of issue 10: a caller that found no connection, then no dial in flight
   * because it had just finished, dialled again; the second connection replaced the first one and
   * the streams of every call on it were reset.
   */
  @Test
  void callersConnectingWhileTheDialFinishesShareItsConnection() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    AtomicInteger dialled = new AtomicInteger();
    a.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connected(Connection c) {
            dialled.incrementAndGet();
          }

          @Override
          public void disconnected(Connection c) {}
        });
    Multiaddr address = b.dialableAddresses().get(0);
    // The window is a few microseconds wide, at the moment the dial finishes: each round spins
    // callers across it. Before the fix, about one round in 25 dialled twice (run five times, it
    // failed in rounds 3, 9, 26, 32 and 41; again in round 18 with the fix taken out after the
    // merge of main).
    for (int round = 0; round < 50; round++) {
      dialled.set(0);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> callers = new ArrayList<>();
      List<CompletableFuture<Connection>> results =
          new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int t = 0; t < 4; t++) {
        callers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      // Keep connecting until just after the dial finished.
                      long until = Long.MAX_VALUE;
                      while (System.nanoTime() < until && results.size() < 200_000) {
                        CompletableFuture<Connection> f = a.connect(address);
                        results.add(f);
                        if (f.isDone() && until == Long.MAX_VALUE) {
                          until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                        }
                      }
                    }));
      }
      go.countDown();
      for (Thread t : callers) {
        t.join();
      }
      java.util.Set<Connection> distinct = new java.util.HashSet<>();
      for (CompletableFuture<Connection> r : results) {
        distinct.add(r.get(10, TimeUnit.SECONDS));
      }
      // a registers a connection before any dial future completes: no waiting needed.
      assertThat(dialled.get()).as("connections a made in round " + round).isEqualTo(1);
      assertThat(distinct).hasSize(1);
      Connection c = distinct.iterator().next();
      c.close().get(10, TimeUnit.SECONDS);
      Awaitility.await("the connection gone")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> a.connection(b.peerId()).isEmpty());
    }
  }
}
