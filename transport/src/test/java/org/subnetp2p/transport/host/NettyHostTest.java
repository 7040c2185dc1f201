package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.TaskRunner;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import org.subnetp2p.transport.protocols.IdentifyInfo;
import org.subnetp2p.transport.protocols.IdentifyService;
import org.subnetp2p.transport.protocols.PerfService;
import org.subnetp2p.transport.protocols.PingService;

/** Java to Java over real TCP sockets on 127.0.0.1: the whole stack, Noise and Yamux included. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NettyHostTest {
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeHosts() {
    hosts.close();
  }

  private static Multiaddr addressOf(Host host) {
    return host.dialableAddresses().get(0);
  }

  @Test
  void providerIsFoundThroughServiceLoader() throws Exception {
    try (Host host =
        Hosts.create(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .build())) {
      host.start();
      assertThat(host.listenAddresses()).hasSize(1);
      assertThat(host.listenAddresses().get(0).toString()).startsWith("/ip4/127.0.0.1/tcp/");
      assertThat(host.listenAddresses().get(0).toString()).doesNotEndWith("/tcp/0");
    }
  }

  @Test
  void connectThenIdentifyBothWays() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    b.setStreamHandler("/test/extra/1.0.0", Stream::close);

    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    IdentifyInfo aboutB = a.identifyService().identified(b.peerId()).get(10, TimeUnit.SECONDS);
    IdentifyInfo aboutA = b.identifyService().identified(a.peerId()).get(10, TimeUnit.SECONDS);

    assertThat(c.remotePeer()).isEqualTo(b.peerId());
    assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(aboutB.protocols())
        .contains(
            "/test/extra/1.0.0",
            IdentifyService.PROTOCOL_ID,
            PingService.PROTOCOL_ID,
            PerfService.PROTOCOL_ID);
    assertThat(aboutB.listenAddresses()).containsExactlyElementsOf(b.listenAddresses());
    assertThat(aboutB.observedAddress()).contains(c.localAddress());
    assertThat(a.addressBook().addresses(b.peerId())).containsAll(b.listenAddresses());
    assertThat(b.addressBook().addresses(a.peerId())).containsAll(a.listenAddresses());
    assertThat(aboutA.agentVersion()).isEqualTo("subnet-p2p/0.1");
  }

  @Test
  void identifyPushTellsConnectedPeersAboutANewProtocol() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    a.identifyService().identified(b.peerId()).get(10, TimeUnit.SECONDS);

    b.setStreamHandler("/test/late/1.0.0", Stream::close);

    Awaitility.await("the pushed protocol")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(a.addressBook().protocols(b.peerId())).contains("/test/late/1.0.0"));
  }

  @Test
  void pingMeasuresARoundTrip() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Duration rtt = PingService.ping(a, b.peerId(), Duration.ofSeconds(10));

    assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theConnectionTellsItsRoundTripOnceTheMuxerPingedTheRemote() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    // Yamux pings the remote when the session starts; the answer arrives asynchronously.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.roundTripTime().isPresent());

    assertThat(c.roundTripTime().get()).isPositive().isLessThan(Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0} calls in flight")
  @ValueSource(ints = {1, 64, 1000})
  void requestResponseWithManyCallsInFlight(int inFlight) throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start(c -> c.maxInboundStreamsPerConnection(2048));
    TaskProtocol.serve(
        b,
        TaskRunner.UPPER_CASE,
        RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(2048, 2048));
    TaskProtocol caller = TaskProtocol.serve(a);

    List<CompletableFuture<TaskResponse>> calls = new ArrayList<>();
    for (int i = 0; i < inFlight; i++) {
      calls.add(caller.callRemote(addressOf(b), "t" + i, ByteString.copyFromUtf8("payload-" + i)));
    }

    for (int i = 0; i < inFlight; i++) {
      TaskResponse r = calls.get(i).get(60, TimeUnit.SECONDS);
      assertThat(r.getResult().toStringUtf8()).isEqualTo("PAYLOAD-" + i);
    }
    assertThat(a.connections()).hasSize(1);
  }

  /**
   * Issue 10, defect 1: large calls fill the connection's outbound buffer while small calls open
   * streams. Opening a stream wrote its first bytes from the event loop with the blocking stream
   * write, which waited for the buffer to drain, which only that event loop could do: every call on
   * the host stalled until its deadline. The blocking-call detector fails this test at the first
   * wait on an event loop.
   */
  @Test
  void eightLargeCallsAndManySmallOnesOnOneConnectionAllComplete() throws Exception {
    int large = 4 * 1024 * 1024;
    RequestResponseOptions options =
        RequestResponseOptions.DEFAULTS.withMaxMessageSize(large + 1024);
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    TaskProtocol.serve(b, TaskRunner.UPPER_CASE, options);
    TaskProtocol caller = TaskProtocol.serve(a, TaskRunner.UPPER_CASE, options);
    byte[] payload = new byte[large];
    java.util.Arrays.fill(payload, (byte) 'a');

    List<CompletableFuture<TaskResponse>> bigCalls = new ArrayList<>();
    List<CompletableFuture<TaskResponse>> smallCalls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      bigCalls.add(caller.callRemote(addressOf(b), "big" + i, ByteString.copyFrom(payload)));
      for (int j = 0; j < 8; j++) {
        smallCalls.add(caller.callRemote(addressOf(b), "small", ByteString.copyFromUtf8("s")));
      }
    }

    for (CompletableFuture<TaskResponse> call : bigCalls) {
      TaskResponse r = call.get(60, TimeUnit.SECONDS);
      assertThat(r.getResult().size()).isEqualTo(large);
      assertThat(r.getResult().byteAt(large - 1)).isEqualTo((byte) 'A');
    }
    for (CompletableFuture<TaskResponse> call : smallCalls) {
      assertThat(call.get(60, TimeUnit.SECONDS).getResult().toStringUtf8()).isEqualTo("S");
    }
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void perf100MiBEachWayWithAChecksum() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    long size = 100L * 1024 * 1024;

    PerfService.Result result = PerfService.run(a, b.peerId(), size, size, Duration.ofSeconds(90));

    assertThat(result.uploaded()).isEqualTo(size);
    assertThat(result.downloaded()).isEqualTo(size);
    assertThat(result.downloadCrc32c()).isEqualTo(PerfService.expectedCrc32c(size));
  }

  @Test
  void halfCloseLetsTheOtherDirectionFinish() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    b.setStreamHandler(
        "/test/reverse/1.0.0",
        s -> {
          byte[] all = s.inputStream().readAllBytes(); // until the dialer half-closes
          s.write(
              new StringBuilder(new String(all, StandardCharsets.UTF_8))
                  .reverse()
                  .toString()
                  .getBytes(StandardCharsets.UTF_8));
          s.close();
        });

    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    Stream s = a.newStream(b.peerId(), List.of("/test/reverse/1.0.0")).get(10, TimeUnit.SECONDS);
    s.write("hello".getBytes(StandardCharsets.UTF_8));
    s.closeWrite();
    String answer = new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(answer).isEqualTo("olleh");
    assertThatThrownBy(() -> s.write(new byte[1])).isInstanceOf(IOException.class);
  }

  @Test
  void resetByTheRemoteFailsABlockedRead() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    CountDownLatch opened = new CountDownLatch(1);
    b.setStreamHandler(
        "/test/reset/1.0.0",
        s -> {
          s.read(new byte[1], 0, 1);
          opened.countDown();
          s.reset();
        });
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = a.newStream(b.peerId(), List.of("/test/reset/1.0.0")).get(10, TimeUnit.SECONDS);
    s.write(new byte[] {1});

    assertThatThrownBy(() -> s.read(new byte[10], 0, 10)).isInstanceOf(StreamResetException.class);
    assertThat(opened.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void dialExpectingTheWrongPeerIdFailsClearly() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    PeerId impostor = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    Multiaddr wrong = addressOf(b).withoutPeerId().withPeerId(impostor);

    assertThatThrownBy(() -> a.connect(wrong).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining(impostor.toString())
        .hasMessageContaining(b.peerId().toString());
    assertThat(a.connections()).isEmpty();
  }

  @Test
  void concurrentDialsToOnePeerShareOneConnection() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      dials.add(a.connect(addressOf(b)));
    }

    Connection first = dials.get(0).get(10, TimeUnit.SECONDS);
    for (CompletableFuture<Connection> d : dials) {
      assertThat(d.get(10, TimeUnit.SECONDS)).isSameAs(first);
    }
    assertThat(a.connections()).hasSize(1);
  }

  @Test
  void aPeerThatDialsAgainKeepsItsNewConnection() throws Exception {
    NettyHost b = hosts.start();
    PrivateKey key = Keys.generateEd25519();
    // Two hosts with one identity: to b, one peer that dials a second time while its first
    // connection still looks open (as when a dialer's close has not reached b yet).
    try (NettyHost first = new NettyHost(HostConfig.builder(key).build());
        NettyHost second = new NettyHost(HostConfig.builder(key).build())) {
      first.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
      Connection newer = second.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

      assertThat(PingService.ping(second, b.peerId(), Duration.ofSeconds(10))).isPositive();
      assertThat(b.connections()).hasSize(1);
      assertThat(b.connections().iterator().next().remoteAddress()).isEqualTo(newer.localAddress());
      Awaitility.await("b closed the older one")
          .atMost(Duration.ofSeconds(10))
          .until(() -> first.connections().isEmpty());
    }
  }

  @Test
  void connectingAgainFromTheFirstDialsCallbackGivesANewConnection() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    // The callback runs while the first dial completes, before its bookkeeping ends: a caller
    // woken by that completion may close the connection and dial again at once.
    Connection second =
        a.connect(addressOf(b))
            .thenCompose(
                first -> {
                  first.close();
                  return a.connect(addressOf(b));
                })
            .get(10, TimeUnit.SECONDS);

    assertThat(second.isOpen()).isTrue();
    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void unknownProtocolIsRefusedWhileTheConnectionStaysUsable() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> c.newStream(List.of("/nobody/1.0.0")).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ProtocolNotSupportedException.class);
    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void optimisticStreamSendsItsDataBeforeTheAgreementArrives() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    b.setStreamHandler(
        "/test/upper/1.0.0",
        s -> {
          byte[] in = s.inputStream().readAllBytes();
          s.write(new String(in, StandardCharsets.UTF_8).toUpperCase().getBytes());
        });
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = c.newStreamOptimistic("/test/upper/1.0.0").get(10, TimeUnit.SECONDS);
    s.write("hello".getBytes(StandardCharsets.UTF_8));
    s.closeWrite();

    assertThat(new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("HELLO");
    assertThat(s.protocol()).isEqualTo("/test/upper/1.0.0");
    s.close();
  }

  @Test
  void optimisticStreamToAnUnknownProtocolFailsOnItsFirstRead() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = c.newStreamOptimistic("/nobody/1.0.0").get(10, TimeUnit.SECONDS);
    s.write(new byte[] {3, 1, 2, 3}); // read by the listener as a (malformed) second proposal
    s.closeWrite();

    assertThatThrownBy(() -> s.read(new byte[1], 0, 1))
        .isInstanceOf(ProtocolNotSupportedException.class);
    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void optimisticStreamCarriesWritesLargerThanItHoldsBack() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    b.setStreamHandler(
        "/test/count/1.0.0",
        s -> {
          long n = s.inputStream().transferTo(OutputStream.nullOutputStream());
          s.write(Long.toString(n).getBytes(StandardCharsets.UTF_8));
        });
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = c.newStreamOptimistic("/test/count/1.0.0").get(10, TimeUnit.SECONDS);
    s.write(new byte[100]); // held back until the stream opens
    s.write(new byte[300_000]); // too much to hold: opens the stream and waits for it
    s.closeWrite();

    assertThat(new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("300100");
    s.close();
  }

  @Test
  void optimisticStreamCanReadFirst() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    b.setStreamHandler("/test/hello/1.0.0", s -> s.write("hello".getBytes(StandardCharsets.UTF_8)));
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = c.newStreamOptimistic("/test/hello/1.0.0").get(10, TimeUnit.SECONDS);

    assertThat(new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("hello");
    s.close();
  }

  @Test
  void optimisticStreamResetBeforeItOpensFailsLaterCalls() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    Stream s = c.newStreamOptimistic("/ipfs/ping/1.0.0").get(10, TimeUnit.SECONDS);
    s.write(new byte[32]);
    s.reset();

    assertThat(s.isClosed()).isTrue();
    assertThatThrownBy(() -> s.read(new byte[32], 0, 32)).isInstanceOf(StreamResetException.class);
    // It never opened a Yamux stream: once identify's stream is done, none is left.
    Awaitility.await("no stream left")
        .atMost(Duration.ofSeconds(10))
        .until(() -> c.streamCount() == 0);
  }

  @Test
  void taskCallToAPeerWithoutTheProtocolFailsAsNotSupported() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    TaskProtocol caller = TaskProtocol.serve(a);

    assertThatThrownBy(
            () ->
                caller
                    .callRemote(addressOf(b), "t1", ByteString.copyFromUtf8("a"))
                    .get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ProtocolNotSupportedException.class);
  }

  @Test
  void dialToAClosedPortFailsWithADialException() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    Multiaddr address = addressOf(b);
    b.close();

    assertThatThrownBy(() -> a.connect(address).get(15, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(DialException.class)
        .hasMessageContaining("cannot connect");
  }

  @Test
  void garbageInsteadOfAHandshakeClosesOnlyThatConnection() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    String[] hostPort = addressOf(b).withoutPeerId().toString().split("/");

    try (Socket raw = new Socket("127.0.0.1", Integer.parseInt(hostPort[4]))) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      byte[] buf = new byte[256];
      int n;
      while ((n = raw.getInputStream().read(buf)) >= 0) { // ends when the host closes it
        seen.write(buf, 0, n);
      }
    }

    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void streamsBeyondThePerConnectionLimitAreResetOthersKeepWorking() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start(c -> c.maxInboundStreamsPerConnection(8));
    CountDownLatch release = new CountDownLatch(1);
    b.setStreamHandler(
        "/test/hold/1.0.0",
        s -> {
          release.await();
          s.close();
        });
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);

    List<CompletableFuture<Stream>> opened = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      opened.add(a.newStream(b.peerId(), List.of("/test/hold/1.0.0")));
    }
    int ok = 0;
    int refused = 0;
    for (CompletableFuture<Stream> f : opened) {
      try {
        f.get(20, TimeUnit.SECONDS).close(); // closed on our side; the remote holds it open
        ok++;
      } catch (ExecutionException e) {
        refused++;
      }
    }
    release.countDown();

    assertThat(ok).isGreaterThan(0).isLessThanOrEqualTo(8);
    assertThat(refused).isEqualTo(40 - ok);
    // Held streams are still being released: a ping may be refused until they are.
    Awaitility.await("a ping answered")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .ignoreException(IOException.class)
        .until(() -> PingService.ping(a, b.peerId(), Duration.ofSeconds(5)), rtt -> rtt != null);
  }

  @Test
  void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
    NettyHost a = hosts.start(c -> c.idleTimeout(Duration.ofMillis(300)));
    NettyHost b = hosts.start();
    Connection c = a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    a.identifyService().identified(b.peerId()).get(10, TimeUnit.SECONDS);

    Awaitility.await("the idle connection closed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> !c.isOpen());

    assertThat(a.connections()).isEmpty();
  }

  @Test
  void listensAndDialsOverIpv6Loopback() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start(c -> c.listen(Multiaddr.parse("/ip6/::1/tcp/0")));

    assertThat(b.listenAddresses().get(0).toString()).startsWith("/ip6/::1/tcp/");
    a.connect(addressOf(b)).get(10, TimeUnit.SECONDS);
    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }

  @Test
  void dialsADns4Name() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    String port = b.listenAddresses().get(0).toString().split("/")[4];

    a.connect(Multiaddr.parse("/dns4/localhost/tcp/" + port).withPeerId(b.peerId()))
        .get(10, TimeUnit.SECONDS);

    assertThat(PingService.ping(a, b.peerId(), Duration.ofSeconds(10))).isPositive();
  }
}
