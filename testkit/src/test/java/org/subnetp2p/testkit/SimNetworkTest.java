package org.subnetp2p.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.PeerRecord;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimNetworkTest {
  private static final String ECHO = "/test/echo/1.0.0";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private SimNetwork network = SimNetwork.create();

  @AfterEach
  void close() {
    network.close();
  }

  private SimHost started() {
    SimHost h = network.newHost();
    h.start();
    return h;
  }

  private SimHost started(Duration dialTimeout) {
    SimHost h =
        network.newHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"))
                .dialTimeout(dialTimeout)
                .negotiationTimeout(dialTimeout)
                .build());
    h.start();
    return h;
  }

  private static Connection connect(SimHost from, SimHost to) throws Exception {
    return from.connect(to.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
  }

  /** Echoes every byte back until the caller half-closes. */
  private static void serveEcho(SimHost host) {
    host.setStreamHandler(
        ECHO,
        s -> {
          byte[] buf = new byte[4096];
          int n;
          while ((n = s.read(buf, 0, buf.length)) >= 0) {
            s.write(buf, 0, n);
          }
        });
  }

  private static byte[] readAll(Stream s) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[256];
    int n;
    while ((n = s.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void connectingRunsIdentifyBothWays() throws Exception {
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);
    List<String> heard = new CopyOnWriteArrayList<>();
    a.addressBook().addListener((peer, protocols) -> heard.add(peer + " " + protocols));

    connect(a, b);

    assertThat(a.addressBook().protocols(b.peerId())).containsExactly(ECHO);
    assertThat(a.addressBook().addresses(b.peerId())).contains(b.listenAddresses().get(0));
    assertThat(b.addressBook().addresses(a.peerId())).contains(a.listenAddresses().get(0));
    assertThat(heard).containsExactly(b.peerId() + " " + Set.of(ECHO));
  }

  @Test
  void changedHandlersAreToldToConnectedPeers() throws Exception {
    SimHost a = started();
    SimHost b = started();
    connect(a, b);
    assertThat(a.addressBook().protocols(b.peerId())).isEmpty();

    serveEcho(b);

    assertThat(a.addressBook().protocols(b.peerId())).containsExactly(ECHO);
  }

  @Test
  void bothSidesHearConnectionsOpenAndClose() throws Exception {
    SimHost a = started();
    SimHost b = started();
    List<String> events = new CopyOnWriteArrayList<>();
    a.addConnectionListener(recorder("a", events));
    b.addConnectionListener(recorder("b", events));

    Connection c = connect(a, b);
    c.close().get();

    assertThat(events).containsExactlyInAnyOrder("a+", "b+", "a-", "b-");
    assertThat(a.connections()).isEmpty();
    assertThat(b.connections()).isEmpty();
  }

  private static ConnectionListener recorder(String name, List<String> events) {
    return new ConnectionListener() {
      @Override
      public void connected(Connection connection) {
        events.add(name + "+");
      }

      @Override
      public void disconnected(Connection connection) {
        events.add(name + "-");
      }
    };
  }

  @Test
  void aStreamCarriesBytesBothWaysAndEndsWithHalfCloses() throws Exception {
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);

    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);
    s.write("hello".getBytes(StandardCharsets.UTF_8));
    s.closeWrite();

    assertThat(new String(readAll(s), StandardCharsets.UTF_8)).isEqualTo("hello");
    await().atMost(WAIT).until(s::isClosed);
  }

  @Test
  void latencyDelaysDeliveryButNeverReordersAStream() throws Exception {
    network.close();
    network =
        SimNetwork.builder()
            .latency(Duration.ofMillis(30))
            .jitter(Duration.ofMillis(30))
            .seed(7)
            .build();
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);
    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);

    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      s.write(new byte[] {(byte) i});
    }
    s.closeWrite();
    byte[] back = readAll(s);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(back).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(back[i]).isEqualTo((byte) i);
    }
    assertThat(elapsedMs).as("a round trip of at least 2 x 30 ms").isGreaterThanOrEqualTo(60);
  }

  @Test
  void aWriterWaitsWhileTheBufferIsFullAndGoesOnOnceRead() throws Exception {
    network.close();
    network = SimNetwork.builder().streamBuffer(1024).build();
    SimHost a = started();
    SimHost b = started();
    CountDownLatch startReading = new CountDownLatch(1);
    b.setStreamHandler(
        ECHO,
        s -> {
          startReading.await();
          readAll(s);
        });
    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);

    s.write(new byte[1024]);
    s.setWriteDeadline(Instant.now().plusMillis(100));
    assertThatThrownBy(() -> s.write(new byte[1])).isInstanceOf(SocketTimeoutException.class);
    startReading.countDown();
    s.setWriteDeadline(Instant.now().plus(WAIT));
    s.write(new byte[4096]); // more than the buffer: goes through as the reader drains it
    s.closeWrite();
  }

  @Test
  void aPartitionMakesDialsTimeOutUntilHealed() throws Exception {
    SimHost a = started(Duration.ofMillis(200));
    SimHost b = started(Duration.ofMillis(200));
    network.partition(List.of(a), List.of(b));

    assertThatThrownBy(() -> connect(a, b))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining("timed out");
    assertThat(network.reachable(a, b)).isFalse();

    network.heal();
    assertThat(connect(a, b).remotePeer()).isEqualTo(b.peerId());
  }

  @Test
  void aStreamAcrossANewPartitionGoesSilent() throws Exception {
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);
    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);
    network.partition(List.of(a));

    s.write(new byte[] {1});
    s.setReadDeadline(Instant.now().plusMillis(100));

    assertThatThrownBy(() -> s.read(new byte[1], 0, 1)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aCrashedPeerGoesSilentWithoutNotice() throws Exception {
    SimHost a = started();
    SimHost b = started(Duration.ofMillis(200));
    SimHost c = started(Duration.ofMillis(200));
    serveEcho(a);
    List<String> events = new CopyOnWriteArrayList<>();
    b.addConnectionListener(recorder("b", events));
    Stream s = connect(b, a).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);
    Multiaddr address = a.dialableAddresses().get(0);

    a.crash();
    s.write(new byte[] {1});
    s.setReadDeadline(Instant.now().plusMillis(100));

    assertThatThrownBy(() -> s.read(new byte[1], 0, 1)).isInstanceOf(SocketTimeoutException.class);
    assertThat(events).containsExactly("b+");
    assertThat(b.connection(a.peerId())).as("nobody told b").isPresent();
    assertThatThrownBy(() -> c.connect(address).get(20, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining("timed out");
    assertThat(network.hosts()).doesNotContain(a);
  }

  @Test
  void aClosedPeerIsRefusedAtOnceAndItsPeersAreTold() throws Exception {
    SimHost a = started();
    SimHost b = started();
    List<String> events = new CopyOnWriteArrayList<>();
    b.addConnectionListener(recorder("b", events));
    Multiaddr address = a.dialableAddresses().get(0);
    connect(b, a);

    a.close();

    assertThat(events).containsExactly("b+", "b-");
    assertThatThrownBy(() -> b.connect(address).get(20, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void lostStreamsDeliverNothingInEitherDirection() throws Exception {
    network.close();
    network = SimNetwork.builder().loss(1.0).build();
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);
    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);

    s.write(new byte[] {1});
    s.closeWrite();
    s.setReadDeadline(Instant.now().plusMillis(100));

    assertThatThrownBy(() -> s.read(new byte[1], 0, 1)).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aDialOnlyHostHasNoAddressAndCannotBeDialled() throws Exception {
    SimHost listener = started();
    SimHost dialOnly = network.newHost(HostConfig.builder(Keys.generateEd25519()).build());
    dialOnly.start();

    assertThat(dialOnly.listenAddresses()).isEmpty();
    connect(dialOnly, listener);
    assertThat(listener.addressBook().protocols(dialOnly.peerId())).isEmpty();
    assertThat(listener.addressBook().entries(dialOnly.peerId()))
        .as("only the address the connection came from")
        .hasSize(1);
  }

  @Test
  void eachHostSignsItsOwnPeerRecord() throws Exception {
    SimHost a = started();

    PeerRecord record = PeerRecord.fromEnvelope(a.signedPeerRecord().orElseThrow().toBytes());

    assertThat(record.peerId()).isEqualTo(a.peerId());
    assertThat(record.addresses()).containsExactlyElementsOf(a.listenAddresses());
  }

  @Test
  void countsWhatCrossesTheNetwork() throws Exception {
    SimHost a = started();
    SimHost b = started();
    serveEcho(b);
    SimStats before = network.stats();

    Stream s = connect(a, b).newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);
    s.write(new byte[10]);
    s.closeWrite();
    readAll(s);
    SimStats delta = network.stats().minus(before);

    assertThat(delta.connections()).isEqualTo(1);
    assertThat(delta.streams(ECHO)).isEqualTo(1);
    assertThat(delta.bytes()).isEqualTo(20);
  }

  @Test
  void aThousandHostsWithThousandsOfOpenStreamsAddNoPlatformThreads() throws Exception {
    int threadsBefore = Thread.getAllStackTraces().size();
    List<SimHost> hosts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      SimHost h = started();
      serveEcho(h);
      hosts.add(h);
    }
    List<Stream> open = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      Connection c = connect(hosts.get(i), hosts.get((i + 1) % hosts.size()));
      for (int j = 0; j < 3; j++) {
        Stream s = c.newStream(List.of(ECHO)).get(20, TimeUnit.SECONDS);
        s.write(new byte[] {1});
        open.add(s);
      }
    }
    for (Stream s : open) {
      s.setReadDeadline(Instant.now().plus(WAIT));
      assertThat(s.read(new byte[1], 0, 1)).isEqualTo(1);
    }
    int threadsAfter = Thread.getAllStackTraces().size();

    assertThat(open).hasSize(3000);
    // Only the virtual-thread carriers and the network's timer may have been added.
    assertThat(threadsAfter - threadsBefore)
        .isLessThan(Runtime.getRuntime().availableProcessors() + 8);
    for (PeerId p : List.of(hosts.get(0).peerId(), hosts.get(999).peerId())) {
      assertThat(network.host(p)).isPresent();
    }
  }
}
