package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.transport.protocols.PingService;

/**
 * Which connection a host keeps when a peer has two: both sides must keep the same one after a
 * simultaneous dial, and a peer that restarted after a crash must not be refused because its old,
 * silently dead connection still looks open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionChoiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestHosts hosts = new TestHosts();
  private FreezableProxy proxy;

  @AfterEach
  void close() throws Exception {
    hosts.close();
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void aRestartedPeerReplacesItsDeadConnectionEvenOneTheSmallerIdDialled() throws Exception {
    // The tie-break of a simultaneous dial favours the connection dialled by the smaller id, so
    // the case that matters is the smaller id holding the dead connection it dialled.
    PrivateKey smaller = Keys.generateEd25519();
    PrivateKey larger = Keys.generateEd25519();
    if (peerId(smaller).compareTo(peerId(larger)) > 0) {
      PrivateKey t = smaller;
      smaller = larger;
      larger = t;
    }
    Duration dialTimeout = Duration.ofSeconds(1); // the race window: the test waits it out
    NettyHost a = hosts.start(smaller, c -> c.dialTimeout(dialTimeout));
    NettyHost before = hosts.start(larger, c -> c);
    String[] parts = before.listenAddresses().get(0).toString().split("/");
    proxy = new FreezableProxy(new InetSocketAddress("127.0.0.1", Integer.parseInt(parts[4])));
    Connection dead = a.connect(proxy.address(before.peerId())).get(10, TimeUnit.SECONDS);
    Thread.sleep(dialTimeout.toMillis() + 500); // an established connection, not a racing one
    // The crash: no FIN, no RST reaches a; keep-alive (30 s by default) has not noticed yet.
    proxy.freeze();

    NettyHost after = hosts.start(larger, c -> c);
    Connection fresh = after.connect(a.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);

    assertThat(PingService.ping(after, a.peerId(), WAIT)).isPositive();
    assertThat(PingService.ping(a, after.peerId(), WAIT)).isPositive();
    assertThat(fresh.isOpen()).isTrue();
    Connection kept = a.connection(after.peerId()).orElseThrow();
    assertThat(kept.direction()).isEqualTo(Direction.INBOUND);
    assertThat(kept.remoteAddress()).isEqualTo(fresh.localAddress());
    Awaitility.await("a closed the dead connection").atMost(WAIT).until(() -> !dead.isOpen());
  }

  @Test
  void bothSidesOfASimultaneousDialKeepTheSameConnection() throws Exception {
    int raced = 0; // rounds in which both dials got as far as a connection: the case under test
    for (int round = 0; round < 40 && raced < 5; round++) {
      NettyHost a = hosts.start();
      NettyHost b = hosts.start();
      CompletableFuture<Connection> fromA = a.connect(b.dialableAddresses().get(0));
      CompletableFuture<Connection> fromB = b.connect(a.dialableAddresses().get(0));
      fromA.get(10, TimeUnit.SECONDS);
      fromB.get(10, TimeUnit.SECONDS);

      Awaitility.await("one connection, the same on both sides (round " + round + ")")
          .atMost(WAIT)
          .until(
              () -> {
                var ofA = a.connection(b.peerId());
                var ofB = b.connection(a.peerId());
                return a.connections().size() == 1
                    && b.connections().size() == 1
                    && ofA.isPresent()
                    && ofB.isPresent()
                    && ofA.get().localAddress().equals(ofB.get().remoteAddress());
              });
      assertThat(PingService.ping(a, b.peerId(), WAIT)).isPositive();
      assertThat(PingService.ping(b, a.peerId(), WAIT)).isPositive();
      if (connectionsOpened(a) > 1) {
        raced++;
      }
      a.close();
      b.close();
    }
    assertThat(raced).as("rounds in which the two dials raced").isPositive();
  }

  private static double connectionsOpened(NettyHost host) {
    return host.meterRegistry().find("subnet.connections.opened").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static PeerId peerId(PrivateKey key) {
    return PeerId.fromPublicKey(key.publicKey());
  }
}
