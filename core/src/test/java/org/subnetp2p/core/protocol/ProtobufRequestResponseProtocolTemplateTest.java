package org.subnetp2p.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.protocol.EchoProtocol.bytes;

import com.google.protobuf.BytesValue;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.ProtocolMetrics.CallOutcome;
import org.subnetp2p.core.protocol.ProtocolMetrics.InboundOutcome;
import org.subnetp2p.core.testing.MemoryHost;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.core.testing.TestPeers;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProtobufRequestResponseProtocolTemplateTest {
  private final MemoryNetwork network = new MemoryNetwork();
  private MemoryHost client;
  private MemoryHost server;

  @BeforeEach
  void hosts() {
    client = network.newHost(TestPeers.random());
    server = network.newHost(TestPeers.random());
  }

  private Multiaddr serverAddress() {
    return server.dialableAddresses().get(0);
  }

  private static Throwable failureOf(CompletableFuture<?> call) {
    assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return call.handle((r, e) -> e).join();
  }

  /** Writes raw bytes on a new stream to the server's echo protocol; returns the stream. */
  private Stream rawStream() throws Exception {
    return client.connect(serverAddress()).get().newStream(List.of(EchoProtocol.ID)).get();
  }

  private static byte[] framed(BytesValue message) {
    byte[] body = message.toByteArray();
    byte[] prefix = Varint.encode(body.length);
    byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  private static byte[] readAll(Stream stream) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[256];
    int n;
    while ((n = stream.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void callReturnsTheHandlersResponse() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);

    BytesValue response = caller.callRemote(serverAddress(), bytes("hello")).get();

    assertThat(response.getValue().toStringUtf8()).isEqualTo("HELLO");
    assertThat(caller.metrics().calls(CallOutcome.OK)).isEqualTo(1);
  }

  @Test
  void wireFormatIsVarintLengthThenProtobufAndTheResponderDoesNotWaitForHalfClose()
      throws Exception {
    new EchoProtocol(server);
    Stream raw = rawStream();

    raw.write(framed(bytes("ab"))); // no closeWrite(): the responder must answer anyway

    assertThat(readAll(raw)).containsExactly(framed(bytes("AB")));
  }

  @Test
  void oneByteFragmentsInBothDirections() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);
    server.onStreamDispatched(s -> s.setMaxReadChunk(1));
    client.onStreamOpened(s -> s.setMaxReadChunk(1));

    String big = "x".repeat(300); // a two-byte length prefix, read one byte at a time
    BytesValue response = caller.callRemote(serverAddress(), bytes(big)).get();

    assertThat(response.getValue().toStringUtf8()).isEqualTo(big.toUpperCase());
  }

  @Test
  void requestWrittenInPiecesWithPausesIsReassembled() throws Exception {
    new EchoProtocol(server);
    Stream raw = rawStream();
    byte[] request = framed(bytes("partial reads"));

    for (int i = 0; i < request.length; i += 3) {
      raw.write(request, i, Math.min(3, request.length - i));
      Thread.sleep(5);
    }

    assertThat(readAll(raw)).containsExactly(framed(bytes("PARTIAL READS")));
  }

  @Test
  void inboundLengthAboveTheMaximumIsRefusedFromThePrefix() throws Exception {
    EchoProtocol echo = new EchoProtocol(server, RequestResponseOptions.DEFAULTS);
    Stream raw = rawStream();

    raw.write(Varint.encode(5L * 1024 * 1024)); // announces 5 MiB, sends none of it

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(echo.metrics().inbound(InboundOutcome.TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void outboundRequestAboveTheMaximumFailsBeforeSending() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller =
        new EchoProtocol(client, RequestResponseOptions.DEFAULTS.withMaxMessageSize(16));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("x".repeat(100))));

    assertThat(error).isInstanceOf(MessageTooLargeException.class);
    assertThat(client.dialCount()).isZero();
  }

  @Test
  void responseAboveTheMaximumFailsTheCall() throws Exception {
    EchoProtocol echo = new EchoProtocol(server);
    echo.behave((ctx, req) -> bytes("y".repeat(1000)));
    EchoProtocol caller =
        new EchoProtocol(client, RequestResponseOptions.DEFAULTS.withMaxMessageSize(100));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(MessageTooLargeException.class);
    assertThat(((MessageTooLargeException) error).max()).isEqualTo(100);
  }

  @Test
  void varintLongerThanTenBytesIsRefused() throws Exception {
    EchoProtocol echo = new EchoProtocol(server);
    Stream raw = rawStream();
    byte[] endless = new byte[11];
    Arrays.fill(endless, (byte) 0x80);

    raw.write(endless);

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(echo.metrics().inbound(InboundOutcome.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void responseWithAnEndlessVarintIsUndecodable() throws Exception {
    server.setStreamHandler(
        EchoProtocol.ID,
        s -> {
          byte[] endless = new byte[11];
          Arrays.fill(endless, (byte) 0xFF);
          s.write(endless);
        });
    EchoProtocol caller = new EchoProtocol(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error)
        .isInstanceOf(UndecodableMessageException.class)
        .hasMessageContaining("length prefix");
  }

  @Test
  void truncatedRequestBodyIsRefused() throws Exception {
    EchoProtocol echo = new EchoProtocol(server);
    Stream raw = rawStream();

    raw.write(new byte[] {10, 1, 2, 3, 4, 5}); // announces 10 bytes, sends 5, then closes
    raw.closeWrite();

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(echo.metrics().inbound(InboundOutcome.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void truncatedResponseBodyIsUndecodable() throws Exception {
    server.setStreamHandler(EchoProtocol.ID, s -> s.write(new byte[] {10, 1, 2, 3}));
    EchoProtocol caller = new EchoProtocol(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error)
        .isInstanceOf(UndecodableMessageException.class)
        .hasMessageContaining("3 of 10 bytes");
  }

  @Test
  void responseThatIsNotTheExpectedProtobufIsUndecodable() throws Exception {
    // field 1 announced as length-delimited with 100 bytes, inside a 3-byte message
    server.setStreamHandler(EchoProtocol.ID, s -> s.write(new byte[] {3, 0x0a, 100, 1}));
    EchoProtocol caller = new EchoProtocol(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(UndecodableMessageException.class);
  }

  @Test
  void handlerThatThrowsFailsTheCallerWithARemoteResetNotATimeout() throws Exception {
    EchoProtocol echo = new EchoProtocol(server);
    echo.behave(
        (ctx, req) -> {
          throw new IllegalStateException("boom");
        });
    EchoProtocol caller = new EchoProtocol(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(RemoteResetException.class);
    assertThat(echo.metrics().inbound(InboundOutcome.HANDLER_FAILED)).isEqualTo(1);
    assertThat(caller.metrics().calls(CallOutcome.RESET)).isEqualTo(1);
  }

  @Test
  void callDeadlineExpiresWhileAwaitingTheResponse() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    EchoProtocol echo = new EchoProtocol(server);
    echo.behave(
        (ctx, req) -> {
          never.await();
          return req;
        });
    EchoProtocol caller =
        new EchoProtocol(
            client, RequestResponseOptions.DEFAULTS.withCallTimeout(Duration.ofMillis(300)));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(RequestTimeoutException.class);
    assertThat(((RequestTimeoutException) error).phase()).isEqualTo(CallPhase.AWAITING_RESPONSE);
    assertThat(caller.metrics().calls(CallOutcome.TIMEOUT)).isEqualTo(1);
    never.countDown();
  }

  @Test
  void inboundReadDeadlineResetsASilentCaller() throws Exception {
    EchoProtocol echo =
        new EchoProtocol(
            server, RequestResponseOptions.DEFAULTS.withInboundReadTimeout(Duration.ofMillis(200)));
    Stream raw = rawStream();

    raw.write(new byte[] {5, 1}); // then silence

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(echo.metrics().inbound(InboundOutcome.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void requestsBeyondTheGlobalLimitAreResetAndCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch twoInside = new CountDownLatch(2);
    EchoProtocol echo =
        new EchoProtocol(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(2, 2));
    echo.behave(
        (ctx, req) -> {
          twoInside.countDown();
          release.await();
          return EchoProtocol.upperCase(ctx, req);
        });
    EchoProtocol caller = new EchoProtocol(client);

    CompletableFuture<BytesValue> first = caller.callRemote(serverAddress(), bytes("a"));
    CompletableFuture<BytesValue> second = caller.callRemote(serverAddress(), bytes("b"));
    assertThat(twoInside.await(10, TimeUnit.SECONDS)).isTrue();
    Throwable third = failureOf(caller.callRemote(serverAddress(), bytes("c")));
    release.countDown();

    assertThat(third).isInstanceOf(RemoteResetException.class);
    assertThat(first.get().getValue().toStringUtf8()).isEqualTo("A");
    assertThat(second.get().getValue().toStringUtf8()).isEqualTo("B");
    assertThat(echo.metrics().inbound(InboundOutcome.OVER_LIMIT)).isEqualTo(1);
    // The server frees its slot right after writing the response, so the caller may see the
    // response a moment before that.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (echo.inboundInFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(echo.inboundInFlight()).isZero();
  }

  @Test
  void perPeerLimitDoesNotStarveOtherPeers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch oneInside = new CountDownLatch(1);
    EchoProtocol echo =
        new EchoProtocol(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(10, 1));
    PeerId first = client.peerId();
    echo.behave(
        (ctx, req) -> {
          if (ctx.peerId().equals(first)) {
            oneInside.countDown();
            release.await();
          }
          return EchoProtocol.upperCase(ctx, req);
        });
    EchoProtocol callerA = new EchoProtocol(client);
    MemoryHost other = network.newHost(TestPeers.random());
    EchoProtocol callerB = new EchoProtocol(other);

    CompletableFuture<BytesValue> held = callerA.callRemote(serverAddress(), bytes("a1"));
    assertThat(oneInside.await(10, TimeUnit.SECONDS)).isTrue();
    Throwable refused = failureOf(callerA.callRemote(serverAddress(), bytes("a2")));
    BytesValue fromB = callerB.callRemote(serverAddress(), bytes("b")).get(10, TimeUnit.SECONDS);
    release.countDown();

    assertThat(refused).isInstanceOf(RemoteResetException.class);
    assertThat(fromB.getValue().toStringUtf8()).isEqualTo("B");
    assertThat(held.get().getValue().toStringUtf8()).isEqualTo("A1");
  }

  @Test
  void manyConcurrentCallsAllComplete() throws Exception {
    new EchoProtocol(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(256, 256));
    EchoProtocol caller = new EchoProtocol(client);
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      calls.add(caller.callRemote(serverAddress(), bytes("m" + i)));
    }

    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i).get().getValue().toStringUtf8()).isEqualTo("M" + i);
    }
    assertThat(client.dialCount()).as("one connection, reused").isEqualTo(1);
  }

  @Test
  void requestArrivingBeforeTheSubclassConstructorFinishedWaitsForIt() throws Exception {
    EchoProtocol caller = new EchoProtocol(client);
    CountDownLatch arrived = new CountDownLatch(1);
    server.onStreamDispatched(s -> arrived.countDown());

    SlowlyConstructed slow = new SlowlyConstructed(server, caller, serverAddress(), arrived);

    assertThat(slow.inFlight.get(10, TimeUnit.SECONDS).getValue().toStringUtf8())
        .isEqualTo("suffix set in the constructor");
  }

  /** A protocol whose constructor is still running when its first request arrives. */
  static final class SlowlyConstructed
      extends ProtobufRequestResponseProtocolTemplate<BytesValue, BytesValue> {
    final CompletableFuture<BytesValue> inFlight;
    private final String suffix;

    SlowlyConstructed(Host host, EchoProtocol caller, Multiaddr self, CountDownLatch arrived)
        throws InterruptedException {
      super(
          host,
          EchoProtocol.ID,
          BytesValue.parser(),
          BytesValue.parser(),
          LoggerFactory.getLogger(SlowlyConstructed.class));
      inFlight = caller.callRemote(self, bytes("ignored"));
      assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // give a racing handler every chance to see the unset field
      suffix = "suffix set in the constructor";
    }

    @Override
    protected BytesValue handleRequest(IncomingRequestContext context, BytesValue request) {
      return bytes(suffix);
    }
  }

  @Test
  void destinationWithoutPeerIdIsAClearError() {
    EchoProtocol caller = new EchoProtocol(client);
    Multiaddr bare = serverAddress().withoutPeerId();

    assertThatThrownBy(() -> caller.callRemote(bare, bytes("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/p2p/");
  }

  @Test
  void addressWithoutPeerIdWorksWithAnExplicitPeerId() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);

    BytesValue response =
        caller.callRemote(serverAddress().withoutPeerId(), server.peerId(), bytes("a")).get();

    assertThat(response.getValue().toStringUtf8()).isEqualTo("A");
  }

  @Test
  void ipfsIsReadAsP2p() throws Exception {
    new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);
    String legacy = serverAddress().toString().replace("/p2p/", "/ipfs/");

    assertThat(caller.callRemote(legacy, bytes("a")).get().getValue().toStringUtf8())
        .isEqualTo("A");
  }

  @Test
  void protocolNotServedByThePeer() {
    EchoProtocol caller = new EchoProtocol(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(ProtocolNotSupportedException.class);
    assertThat(caller.metrics().calls(CallOutcome.NOT_SUPPORTED)).isEqualTo(1);
  }

  @Test
  void peerThatCannotBeDialled() {
    EchoProtocol caller = new EchoProtocol(client);
    Multiaddr nowhere = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(TestPeers.random());

    Throwable error = failureOf(caller.callRemote(nowhere, bytes("a")));

    assertThat(error).isInstanceOf(DialException.class);
  }

  @Test
  void closingTheProtocolStopsServingIt() throws Exception {
    EchoProtocol echo = new EchoProtocol(server);
    EchoProtocol caller = new EchoProtocol(client);
    assertThat(server.protocols()).contains(EchoProtocol.ID);

    echo.close();

    assertThat(failureOf(caller.callRemote(serverAddress(), bytes("a"))))
        .isInstanceOf(ProtocolNotSupportedException.class);
  }
}
