package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.subnetp2p.transport.host.HostileYamuxPeer.ACK;
import static org.subnetp2p.transport.host.HostileYamuxPeer.DATA;
import static org.subnetp2p.transport.host.HostileYamuxPeer.FIN;
import static org.subnetp2p.transport.host.HostileYamuxPeer.GO_AWAY;
import static org.subnetp2p.transport.host.HostileYamuxPeer.PING;
import static org.subnetp2p.transport.host.HostileYamuxPeer.RST;
import static org.subnetp2p.transport.host.HostileYamuxPeer.SYN;
import static org.subnetp2p.transport.host.HostileYamuxPeer.WINDOW_UPDATE;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.transport.protocols.PerfService;
import org.subnetp2p.transport.protocols.PingService;

/**
 * Peers that break the Yamux rules or try to make the host hold memory, over real TCP with real
 * Noise: each costs at most its own connection, the host keeps serving another peer, memory stays
 * within the connection's budget and is all given back, and no buffer leaks (the leak detector runs
 * after every test).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostilePeerTest {
  private static final String HOLD = "/test/hold/1.0.0";
  private static final long CONNECTION_MEMORY = 1024 * 1024;

  private final TestHosts hosts = new TestHosts();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() throws Exception {
    release.countDown();
    hosts.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  /** A host whose {@value #HOLD} handler holds each stream without reading it. */
  private NettyHost target(UnaryOperator<HostConfig.Builder> tune) throws IOException {
    NettyHost host = hosts.start(b -> tune.apply(b.connectionMemory(CONNECTION_MEMORY)));
    host.setStreamHandler(
        HOLD,
        s -> {
          release.await(60, TimeUnit.SECONDS);
          s.close();
        });
    return host;
  }

  private NettyHost target() throws IOException {
    return target(b -> b);
  }

  private void assertAnotherPeerIsServed(NettyHost target) throws Exception {
    NettyHost other = hosts.start();
    other.connect(target.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    assertThat(PingService.ping(other, target.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  private static void await(String what, BooleanSupplier condition) {
    Awaitility.await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
  }

  /** Waits for the host's GoAway(protocol error) and the end of the connection. */
  private static void assertEndedForProtocolError(HostileYamuxPeer peer) throws Exception {
    assertThat(peer.closeFuture().await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(peer.frames())
        .anySatisfy(
            f -> {
              assertThat(f.type()).isEqualTo(GO_AWAY);
              assertThat(f.length()).as("protocol error").isEqualTo(1);
            });
  }

  @Test
  void aDataFrameBeyondTheWindowIsRefusedByItsHeaderAlone() throws Exception {
    NettyHost target = target();
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.openWithProposal(1, HOLD, new byte[0]);
      // Only the header of a frame one byte over the 256 KiB window: its payload never comes, so
      // the host can only refuse it by the header, before buffering anything.
      peer.send(DATA, 0, 1, 256 * 1024 + 1);

      assertEndedForProtocolError(peer);
    }
    assertAnotherPeerIsServed(target);
    await("memory given back", () -> target.memoryUsed() == 0);
  }

  @Test
  void aWindowUpdateThatOverflowsCostsTheConnection() throws Exception {
    NettyHost target = target();
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.openWithProposal(1, HOLD, new byte[0]);
      peer.send(WINDOW_UPDATE, 0, 1, 0xFFFF_FFFFL); // 256 KiB + 4 GiB - 1: past a uint32

      assertEndedForProtocolError(peer);
    }
    assertAnotherPeerIsServed(target);
  }

  @Test
  void dataOnAResetStreamIsDroppedAsItArrives() throws Exception {
    NettyHost target = target();
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.openWithProposal(1, HOLD, new byte[0]);
      peer.send(WINDOW_UPDATE, RST, 1, 0);
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 64; i++) { // 4 MiB, sixteen windows' worth
        peer.sendData(0, 1, chunk);
      }
      peer.send(PING, SYN, 0, 42);

      await(
          "the pong behind the data",
          () ->
              peer.frames().stream()
                  .anyMatch(f -> f.type() == PING && f.has(ACK) && f.length() == 42));
      assertThat(peer.isClosed()).isFalse();
      assertThat(target.memoryUsed()).isZero();
    }
    assertAnotherPeerIsServed(target);
  }

  @Test
  void tenThousandStreamsWrittenWithoutReadingStayWithinTheBudget() throws Exception {
    // Keep-alive off: a peer that reads nothing cannot answer pings, and would lose its
    // connection to keep-alive before it runs out of memory to take.
    NettyHost target = target(b -> b.keepAliveInterval(Duration.ZERO));
    long most = 0;
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.stopReading();
      // The first 64 streams carry 32 KiB each, twice the budget; the rest 1 KiB each.
      byte[] large = new byte[32 * 1024];
      byte[] small = new byte[1024];
      for (int i = 0; i < 10_000; i++) {
        peer.openWithProposal(2 * i + 1, HOLD, i < 64 ? large : small);
        if (i % 500 == 0) {
          most = Math.max(most, target.memoryUsed());
        }
      }
      peer.flushed();
      NettyConnection c = (NettyConnection) target.connections().iterator().next();
      await(
          "every SYN handled",
          () ->
              c.session().refusedStreams()
                      + c.session().memoryResets()
                      + c.session().inboundStreamCount()
                  >= 10_000);
      most = Math.max(most, target.memoryUsed());

      // Inbound only: the host's own identify stream to the peer is open too.
      assertThat(c.session().inboundStreamCount()).isLessThanOrEqualTo(512);
      assertThat(c.session().refusedStreams() + c.session().memoryResets())
          .isGreaterThanOrEqualTo(10_000 - 512);
      assertThat(c.session().memoryResets()).as("data beyond the budget").isPositive();
      assertThat(most).isLessThanOrEqualTo(CONNECTION_MEMORY);
      assertAnotherPeerIsServed(target);
    }
    release.countDown();
    await("memory given back", () -> target.memoryUsed() == 0);
  }

  @Test
  void newStreamsAfterGoAwayAreRefusedAndTheConnectionEndsWithItsLastStream() throws Exception {
    NettyHost target = target();
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.openWithProposal(1, HOLD, new byte[0]);
      peer.send(GO_AWAY, 0, 0, 0);
      for (int id = 3; id <= 21; id += 2) {
        peer.send(WINDOW_UPDATE, SYN, id, 0);
      }

      List<HostileYamuxPeer.Frame> seen = new ArrayList<>();
      await(
          "every later stream refused",
          () -> {
            seen.addAll(peer.frames());
            return seen.stream().filter(f -> f.has(RST) && f.streamId() >= 3).count() == 10;
          });
      assertThat(peer.isClosed()).as("stream 1 still open").isFalse();

      release.countDown(); // the handler closes stream 1: FIN from the host
      await(
          "the host's FIN on stream 1",
          () -> {
            seen.addAll(peer.frames());
            return seen.stream().anyMatch(f -> f.streamId() == 1 && f.has(FIN));
          });
      peer.sendData(FIN, 1, new byte[0]);
      assertThat(peer.closeFuture().await(30, TimeUnit.SECONDS))
          .as("the host closed the drained connection")
          .isTrue();
    }
    assertAnotherPeerIsServed(target);
  }

  @Test
  void aTcpConnectionThatNeverSpeaksIsClosedAtTheHandshakeDeadline() throws Exception {
    NettyHost target = target(b -> b.dialTimeout(Duration.ofSeconds(1)));
    String[] parts = target.listenAddresses().get(0).toString().split("/");
    try (Socket silent = new Socket("127.0.0.1", Integer.parseInt(parts[4]))) {
      silent.setSoTimeout(30_000);
      // The host speaks first (its multistream header), then gives up on the silent dialer.
      byte[] buf = new byte[256];
      while (silent.getInputStream().read(buf) >= 0) {
        // drain until the host closes
      }
    }
    assertAnotherPeerIsServed(target);
  }

  /**
   * Half-open: the peer's TCP connection stays up (its kernel still acknowledges bytes) but nothing
   * comes back, no pong, no FIN, no RST, as after a power loss behind a NAT. Keep-alive drops it.
   */
  @Test
  void aPeerThatFallsSilentMidConnectionIsDroppedByKeepAlive() throws Exception {
    NettyHost target =
        target(
            b ->
                b.keepAliveInterval(Duration.ofMillis(200))
                    .keepAliveTimeout(Duration.ofSeconds(2)));
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      peer.openWithProposal(1, HOLD, new byte[1024]);
      peer.stopReading(); // and it never answers a ping
      await("the connection shows", () -> !target.connections().isEmpty());

      // Seen from the host: the peer, not reading, would not notice the close itself.
      await("the host dropped the silent peer", () -> target.connections().isEmpty());
    }
    assertAnotherPeerIsServed(target);
    await("memory given back", () -> target.memoryUsed() == 0);
  }

  @Test
  void aReaderThatGrantsNoWindowHoldsTheWriterAtItsWindow() throws Exception {
    NettyHost target = target();
    try (HostileYamuxPeer peer = HostileYamuxPeer.connect(target, group)) {
      // Asks perf for 64 MiB, uploads nothing, then never grants window nor reads the socket.
      peer.openWithProposal(
          1, PerfService.PROTOCOL_ID, ByteBuffer.allocate(8).putLong(64L << 20).array());
      peer.sendData(FIN, 1, new byte[0]);
      peer.stopReading();

      assertAnotherPeerIsServed(target);
      assertThat(target.memoryUsed()).isLessThanOrEqualTo(CONNECTION_MEMORY);
      assertThat(peer.isClosed()).isFalse();
    }
    assertAnotherPeerIsServed(target);
  }
}
