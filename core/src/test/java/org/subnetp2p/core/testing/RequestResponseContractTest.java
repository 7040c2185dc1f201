package org.subnetp2p.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.subnetp2p.core.testing.EchoProtocol.bytes;
import static org.subnetp2p.core.testing.EchoProtocol.text;

import com.google.protobuf.BytesValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.encoding.Varint;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.CallOptions;
import org.subnetp2p.core.protocol.CallOutcome;
import org.subnetp2p.core.protocol.CallPhase;
import org.subnetp2p.core.protocol.InboundOutcome;
import org.subnetp2p.core.protocol.IncomingRequestContext;
import org.subnetp2p.core.protocol.InvalidCallException;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.protocol.ProtocolBase;
import org.subnetp2p.core.protocol.RemoteResetException;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.core.protocol.RequestTimeoutException;
import org.subnetp2p.core.protocol.UndecodableMessageException;

/**
 * What every host must give the request/response template, whatever carries the bytes: run by core
 * over in-memory streams and by the transport over TCP, Noise and Yamux.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RequestResponseContractTest {
  /** The hosts of the test: the caller and the callee. */
  protected Host client;

  /** The callee. */
  protected Host server;

  /** A new, started host on the network under test. */
  protected abstract Host newHost() throws Exception;

  @BeforeEach
  void hosts() throws Exception {
    client = newHost();
    server = newHost();
  }

  /** The server's address with its peer id. */
  protected Multiaddr serverAddress() {
    return server.dialableAddresses().get(0);
  }

  /** The error a call failed with. */
  protected static Throwable failureOf(CompletableFuture<?> call) {
    assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return call.handle((r, e) -> e).join();
  }

  /** A new stream to the server's echo protocol, for writing raw bytes. */
  protected Stream rawStream() throws Exception {
    return client
        .connect(serverAddress())
        .get(10, TimeUnit.SECONDS)
        .newStream(List.of(EchoProtocol.ID))
        .get(10, TimeUnit.SECONDS);
  }

  /** {@code message} framed as the template frames it. */
  protected static byte[] framed(BytesValue message) {
    byte[] body = message.toByteArray();
    byte[] prefix = Varint.encode(body.length);
    byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  /**
   * Outbound calls of {@code protocol} that ended with {@code outcome}, as its host's registry
   * counted them ({@code newHost} gives hosts a registry that records).
   */
  protected static long calls(ProtocolBase<?, ?> protocol, CallOutcome outcome) {
    Timer t =
        protocol
            .host()
            .meterRegistry()
            .find("subnet.protocol.call.duration")
            .tags("protocol", protocol.protocolId(), "outcome", outcome.label())
            .timer();
    return t == null ? 0 : t.count();
  }

  /** Inbound requests of {@code protocol} that ended with {@code outcome}. */
  protected static long inbound(ProtocolBase<?, ?> protocol, InboundOutcome outcome) {
    Timer t =
        protocol
            .host()
            .meterRegistry()
            .find("subnet.protocol.inbound.duration")
            .tags("protocol", protocol.protocolId(), "outcome", outcome.label())
            .timer();
    return t == null ? 0 : t.count();
  }

  /** Inbound requests of {@code protocol} that waited for a slot. */
  protected static long inboundWaited(ProtocolBase<?, ?> protocol) {
    Counter c =
        protocol
            .host()
            .meterRegistry()
            .find("subnet.protocol.inbound.waited")
            .tag("protocol", protocol.protocolId())
            .counter();
    return c == null ? 0 : (long) c.count();
  }

  /** Everything until the end of the stream. */
  protected static byte[] readAll(Stream stream) throws Exception {
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
    EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);

    BytesValue response = caller.callRemote(serverAddress(), bytes("hello")).get();

    assertThat(response.getValue().toStringUtf8()).isEqualTo("HELLO");
    assertThat(calls(caller, CallOutcome.OK)).isEqualTo(1);
  }

  @Test
  void wireFormatIsVarintLengthThenProtobufAndTheResponderDoesNotWaitForHalfClose()
      throws Exception {
    EchoProtocol.serve(server);
    Stream raw = rawStream();

    raw.write(framed(bytes("ab"))); // no closeWrite(): the responder must answer anyway

    assertThat(readAll(raw)).containsExactly(framed(bytes("AB")));
  }

  @Test
  void requestWrittenInPiecesWithPausesIsReassembled() throws Exception {
    EchoProtocol.serve(server);
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
    EchoProtocol echo = EchoProtocol.serve(server, RequestResponseOptions.DEFAULTS);
    Stream raw = rawStream();

    raw.write(Varint.encode(5L * 1024 * 1024)); // announces 5 MiB, sends none of it

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(inbound(echo, InboundOutcome.TOO_LARGE)).isEqualTo(1);
  }

  @Test
  void outboundRequestAboveTheMaximumFailsBeforeSending() throws Exception {
    EchoProtocol.serve(server);
    EchoProtocol caller =
        EchoProtocol.serve(client, RequestResponseOptions.DEFAULTS.withMaxMessageSize(16));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("x".repeat(100))));

    assertThat(error).isInstanceOf(MessageTooLargeException.class);
    assertThat(client.connections()).isEmpty();
  }

  @Test
  void responseAboveTheMaximumFailsTheCall() throws Exception {
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave((ctx, req) -> bytes("y".repeat(1000)));
    EchoProtocol caller =
        EchoProtocol.serve(client, RequestResponseOptions.DEFAULTS.withMaxMessageSize(100));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(MessageTooLargeException.class);
    assertThat(((MessageTooLargeException) error).max()).isEqualTo(100);
  }

  @Test
  void varintLongerThanTenBytesIsRefused() throws Exception {
    EchoProtocol echo = EchoProtocol.serve(server);
    Stream raw = rawStream();
    byte[] endless = new byte[11];
    Arrays.fill(endless, (byte) 0x80);

    raw.write(endless);

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(inbound(echo, InboundOutcome.UNDECODABLE)).isEqualTo(1);
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
    EchoProtocol caller = EchoProtocol.serve(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error)
        .isInstanceOf(UndecodableMessageException.class)
        .hasMessageContaining("length prefix");
  }

  @Test
  void truncatedRequestBodyIsRefused() throws Exception {
    EchoProtocol echo = EchoProtocol.serve(server);
    Stream raw = rawStream();

    raw.write(new byte[] {10, 1, 2, 3, 4, 5}); // announces 10 bytes, sends 5, then closes
    raw.closeWrite();

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(inbound(echo, InboundOutcome.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void truncatedResponseBodyIsUndecodable() throws Exception {
    server.setStreamHandler(EchoProtocol.ID, s -> s.write(new byte[] {10, 1, 2, 3}));
    EchoProtocol caller = EchoProtocol.serve(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error)
        .isInstanceOf(UndecodableMessageException.class)
        .hasMessageContaining("3 of 10 bytes");
  }

  @Test
  void responseThatIsNotTheExpectedProtobufIsUndecodable() throws Exception {
    // field 1 announced as length-delimited with 100 bytes, inside a 3-byte message
    server.setStreamHandler(EchoProtocol.ID, s -> s.write(new byte[] {3, 0x0a, 100, 1}));
    EchoProtocol caller = EchoProtocol.serve(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(UndecodableMessageException.class);
  }

  @Test
  void handlerThatThrowsFailsTheCallerWithARemoteResetNotATimeout() throws Exception {
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave(
        (ctx, req) -> {
          throw new IllegalStateException("boom");
        });
    EchoProtocol caller = EchoProtocol.serve(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(RemoteResetException.class);
    assertThat(inbound(echo, InboundOutcome.HANDLER_FAILED)).isEqualTo(1);
    assertThat(calls(caller, CallOutcome.RESET)).isEqualTo(1);
  }

  @Test
  void callDeadlineExpiresWhileAwaitingTheResponse() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave(
        (ctx, req) -> {
          never.await();
          return req;
        });
    EchoProtocol caller =
        EchoProtocol.serve(
            client, RequestResponseOptions.DEFAULTS.withCallTimeout(Duration.ofMillis(300)));

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(RequestTimeoutException.class);
    assertThat(((RequestTimeoutException) error).phase()).isEqualTo(CallPhase.AWAITING_RESPONSE);
    assertThat(calls(caller, CallOutcome.TIMEOUT)).isEqualTo(1);
    never.countDown();
  }

  @Test
  void inboundReadDeadlineResetsASilentCaller() throws Exception {
    EchoProtocol echo =
        EchoProtocol.serve(
            server, RequestResponseOptions.DEFAULTS.withInboundReadTimeout(Duration.ofMillis(200)));
    Stream raw = rawStream();

    raw.write(new byte[] {5, 1}); // then silence

    assertThatThrownBy(() -> readAll(raw)).isInstanceOf(StreamResetException.class);
    assertThat(inbound(echo, InboundOutcome.TIMEOUT)).isEqualTo(1);
  }

  @Test
  void requestsBeyondTheLimitsWaitAndAllComplete() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EchoProtocol echo =
        EchoProtocol.serve(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(2, 2));
    echo.behave(
        (ctx, req) -> {
          release.await();
          return EchoProtocol.upperCase(ctx, req);
        });
    EchoProtocol caller = EchoProtocol.serve(client);
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();

    for (int i = 0; i < 20; i++) {
      calls.add(caller.callRemote(serverAddress(), bytes("m" + i)));
    }
    Eventually.until(
        "2 served, 18 waiting", () -> echo.inboundInFlight() == 2 && echo.inboundQueued() == 18);
    release.countDown();

    for (int i = 0; i < calls.size(); i++) {
      assertThat(text(calls.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("M" + i);
    }
    Eventually.until("all 20 counted", () -> inbound(echo, InboundOutcome.OK) == 20);
    assertThat(inbound(echo, InboundOutcome.OVER_LIMIT)).isZero();
    assertThat(inboundWaited(echo)).isEqualTo(18);
    assertThat(echo.inboundQueued()).isZero();
  }

  @Test
  void requestsBeyondTheQueueAreResetAndCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inside = new CountDownLatch(1);
    EchoProtocol echo =
        EchoProtocol.serve(
            server,
            RequestResponseOptions.DEFAULTS
                .withMaxConcurrentInbound(1, 1)
                .withMaxQueuedInbound(1, 1));
    echo.behave(
        (ctx, req) -> {
          inside.countDown();
          release.await();
          return EchoProtocol.upperCase(ctx, req);
        });
    EchoProtocol caller = EchoProtocol.serve(client);

    CompletableFuture<BytesValue> first = caller.callRemote(serverAddress(), bytes("a"));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<BytesValue> second = caller.callRemote(serverAddress(), bytes("b"));
    Eventually.until("the second waits", () -> echo.inboundQueued() == 1);
    Throwable third = failureOf(caller.callRemote(serverAddress(), bytes("c")));
    release.countDown();

    assertThat(third).isInstanceOf(RemoteResetException.class);
    assertThat(text(first.get(30, TimeUnit.SECONDS))).isEqualTo("A");
    assertThat(text(second.get(30, TimeUnit.SECONDS))).isEqualTo("B");
    assertThat(inbound(echo, InboundOutcome.OVER_LIMIT)).isEqualTo(1);
    Eventually.until("no slot held", () -> echo.inboundInFlight() == 0);
  }

  @Test
  void aPeerAtItsLimitDoesNotDelayOtherPeers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch oneInside = new CountDownLatch(1);
    EchoProtocol echo =
        EchoProtocol.serve(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(10, 1));
    PeerId first = client.peerId();
    echo.behave(
        (ctx, req) -> {
          if (ctx.peerId().equals(first)) {
            oneInside.countDown();
            release.await();
          }
          return EchoProtocol.upperCase(ctx, req);
        });
    EchoProtocol callerA = EchoProtocol.serve(client);
    Host other = newHost();
    EchoProtocol callerB = EchoProtocol.serve(other);

    CompletableFuture<BytesValue> held = callerA.callRemote(serverAddress(), bytes("a1"));
    assertThat(oneInside.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<BytesValue> waiting = callerA.callRemote(serverAddress(), bytes("a2"));
    Eventually.until("a2 waits behind a1", () -> echo.inboundQueued() == 1);
    BytesValue fromB = callerB.callRemote(serverAddress(), bytes("b")).get(30, TimeUnit.SECONDS);
    release.countDown();

    assertThat(text(fromB)).isEqualTo("B");
    assertThat(text(held.get(30, TimeUnit.SECONDS))).isEqualTo("A1");
    assertThat(text(waiting.get(30, TimeUnit.SECONDS))).isEqualTo("A2");
  }

  @Test
  void waitingPeersTakeTurns() throws Exception {
    Semaphore gate = new Semaphore(0);
    List<String> served = new CopyOnWriteArrayList<>();
    EchoProtocol echo =
        EchoProtocol.serve(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(1, 1));
    echo.behave(
        (ctx, req) -> {
          served.add(text(req));
          gate.acquire();
          return req;
        });
    EchoProtocol callerA = EchoProtocol.serve(client);
    EchoProtocol callerB = EchoProtocol.serve(newHost());
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();

    calls.add(callerA.callRemote(serverAddress(), bytes("a1")));
    Eventually.until("a1 is served", () -> served.size() == 1);
    for (String name : List.of("a2", "a3", "a4")) {
      calls.add(callerA.callRemote(serverAddress(), bytes(name)));
    }
    Eventually.until("a2..a4 wait", () -> echo.inboundQueued() == 3);
    calls.add(callerB.callRemote(serverAddress(), bytes("b1")));
    Eventually.until("b1 waits behind them", () -> echo.inboundQueued() == 4);
    for (int next = 2; next <= 5; next++) {
      gate.release();
      int expected = next;
      Eventually.until("request " + next + " is served", () -> served.size() == expected);
    }
    gate.release();

    // B's one request goes before A's second: A just had its turn. (A's own requests are served
    // in the order they arrived, which need not be the order they were sent in.)
    assertThat(served.subList(0, 2)).containsExactly("a1", "b1");
    assertThat(served.subList(2, 5)).containsExactlyInAnyOrder("a2", "a3", "a4");
    for (CompletableFuture<BytesValue> call : calls) {
      assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aRequestStillWaitingAtItsDeadlineIsReset() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    EchoProtocol echo =
        EchoProtocol.serve(
            server,
            RequestResponseOptions.DEFAULTS
                .withMaxConcurrentInbound(1, 1)
                .withInboundTimeout(Duration.ofMillis(300)));
    echo.behave(
        (ctx, req) -> {
          handled.incrementAndGet();
          // A handler that ignores its deadline keeps its slot until it returns.
          boolean released = false;
          while (!released) {
            try {
              released = release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              // keep holding the slot
            }
          }
          return req;
        });
    EchoProtocol caller = EchoProtocol.serve(client);

    CompletableFuture<BytesValue> held = caller.callRemote(serverAddress(), bytes("a"));
    Eventually.until("a is served", () -> handled.get() == 1);
    Throwable waited = failureOf(caller.callRemote(serverAddress(), bytes("b")));
    release.countDown();

    assertThat(waited).isInstanceOf(RemoteResetException.class);
    assertThat(failureOf(held)).isInstanceOf(RemoteResetException.class);
    assertThat(handled).hasValue(1);
    Eventually.until("both timed out", () -> inbound(echo, InboundOutcome.TIMEOUT) == 2);
  }

  @Test
  void aHandlerStillRunningAtTheDeadlineIsInterruptedAndTheCallerLearnsAtOnce() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    EchoProtocol echo =
        EchoProtocol.serve(
            server, RequestResponseOptions.DEFAULTS.withInboundTimeout(Duration.ofMillis(300)));
    echo.behave(
        (ctx, req) -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return req;
        });
    EchoProtocol caller = EchoProtocol.serve(client); // its own deadline is 30 s

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(RemoteResetException.class);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    Eventually.until("counted", () -> inbound(echo, InboundOutcome.TIMEOUT) == 1);
    assertThat(inbound(echo, InboundOutcome.HANDLER_FAILED)).isZero();
  }

  @Test
  void theHandlerSeesWhoIsAskingButNotTheStream() throws Exception {
    AtomicReference<IncomingRequestContext> seen = new AtomicReference<>();
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave(
        (ctx, req) -> {
          seen.set(ctx);
          return req;
        });
    EchoProtocol caller = EchoProtocol.serve(client);
    Instant before = Instant.now();

    caller.callRemote(serverAddress(), bytes("a")).get(30, TimeUnit.SECONDS);

    IncomingRequestContext ctx = seen.get();
    assertThat(ctx.peerId()).isEqualTo(client.peerId());
    assertThat(ctx.protocolId()).isEqualTo(EchoProtocol.ID);
    assertThat(ctx.remoteAddress()).isNotNull();
    assertThat(ctx.direction()).isEqualTo(Direction.INBOUND);
    assertThat(ctx.deadline())
        .isAfter(before)
        .isBefore(Instant.now().plus(RequestResponseOptions.DEFAULTS.inboundTimeout()));
    assertThat(IncomingRequestContext.class.getRecordComponents())
        .extracting(c -> c.getType().getSimpleName())
        .doesNotContain("Stream");
  }

  @Test
  void manyConcurrentCallsAllComplete() throws Exception {
    EchoProtocol.serve(server, RequestResponseOptions.DEFAULTS.withMaxConcurrentInbound(256, 256));
    EchoProtocol caller = EchoProtocol.serve(client);
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();

    for (int i = 0; i < 200; i++) {
      calls.add(caller.callRemote(serverAddress(), bytes("m" + i)));
    }

    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i).get().getValue().toStringUtf8()).isEqualTo("M" + i);
    }
    assertThat(client.connections()).as("one connection, reused").hasSize(1);
  }

  @Test
  void targetWithoutPeerIdFailsTheFutureInsteadOfThrowing() {
    EchoProtocol caller = EchoProtocol.serve(client);
    Multiaddr bare = serverAddress().withoutPeerId();

    CompletableFuture<BytesValue> call = caller.callRemote(bare, bytes("a"));

    assertThat(failureOf(call))
        .isInstanceOf(InvalidCallException.class)
        .hasMessageContaining("/p2p/");
    assertThat(client.connections()).isEmpty();
  }

  @Test
  void nullArgumentsFailTheFutureInsteadOfThrowing() {
    EchoProtocol caller = EchoProtocol.serve(client);

    assertThat(failureOf(caller.callRemote((Multiaddr) null, bytes("a"))))
        .isInstanceOf(InvalidCallException.class);
    assertThat(failureOf(caller.callRemote((PeerId) null, bytes("a"))))
        .isInstanceOf(InvalidCallException.class);
    assertThat(failureOf(caller.callRemote(serverAddress(), null)))
        .isInstanceOf(InvalidCallException.class);
    assertThat(failureOf(caller.callRemote(server.peerId(), bytes("a"), null)))
        .isInstanceOf(InvalidCallException.class);
  }

  @Test
  void callByPeerIdReusesTheOpenConnection() throws Exception {
    EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);
    caller.callRemote(serverAddress(), bytes("a")).get(30, TimeUnit.SECONDS);

    BytesValue response = caller.callRemote(server.peerId(), bytes("b")).get(30, TimeUnit.SECONDS);

    assertThat(text(response)).isEqualTo("B");
    assertThat(client.connections()).hasSize(1);
  }

  @Test
  void callByAPeerIdNobodyKnowsIsADialError() {
    EchoProtocol caller = EchoProtocol.serve(client);

    assertThat(failureOf(caller.callRemote(TestPeers.random(), bytes("a"))))
        .isInstanceOf(DialException.class);
  }

  @Test
  void callOptionsGiveOneCallItsOwnDeadline() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave(
        (ctx, req) -> {
          release.await();
          return req;
        });
    EchoProtocol caller = EchoProtocol.serve(client); // 30 s by default

    Throwable error =
        failureOf(
            caller.callRemote(
                serverAddress(), bytes("a"), CallOptions.withTimeout(Duration.ofMillis(300))));
    release.countDown();

    assertThat(error).isInstanceOf(RequestTimeoutException.class).hasMessageContaining("300 ms");
  }

  @Test
  void ipfsIsReadAsP2p() throws Exception {
    EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);
    Multiaddr legacy = Multiaddr.parse(serverAddress().toString().replace("/p2p/", "/ipfs/"));

    assertThat(text(caller.callRemote(legacy, bytes("a")).get(30, TimeUnit.SECONDS)))
        .isEqualTo("A");
  }

  @Test
  void cancellingACallAbandonsIt() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EchoProtocol echo = EchoProtocol.serve(server);
    echo.behave(
        (ctx, req) -> {
          inside.countDown();
          release.await();
          return req;
        });
    EchoProtocol caller = EchoProtocol.serve(client);

    CompletableFuture<BytesValue> call = caller.callRemote(serverAddress(), bytes("a"));
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
    call.cancel(true);
    release.countDown();

    assertThat(call).isCancelled();
    assertThat(calls(caller, CallOutcome.OTHER)).isEqualTo(1);
    assertThat(calls(caller, CallOutcome.OK)).isZero();
  }

  @Test
  void protocolNotServedByThePeer() {
    EchoProtocol caller = EchoProtocol.serve(client);

    Throwable error = failureOf(caller.callRemote(serverAddress(), bytes("a")));

    assertThat(error).isInstanceOf(ProtocolNotSupportedException.class);
    assertThat(calls(caller, CallOutcome.NOT_SUPPORTED)).isEqualTo(1);
  }

  @Test
  void peerThatCannotBeDialled() {
    EchoProtocol caller = EchoProtocol.serve(client);
    Multiaddr nowhere = Multiaddr.parse("/ip4/127.0.0.1/tcp/1").withPeerId(TestPeers.random());

    Throwable error = failureOf(caller.callRemote(nowhere, bytes("a")));

    assertThat(error).isInstanceOf(DialException.class);
  }

  @Test
  void closingTheProtocolStopsServingIt() throws Exception {
    EchoProtocol echo = EchoProtocol.serve(server);
    EchoProtocol caller = EchoProtocol.serve(client);
    assertThat(server.protocols()).contains(EchoProtocol.ID);

    echo.close();

    assertThat(failureOf(caller.callRemote(serverAddress(), bytes("a"))))
        .isInstanceOf(ProtocolNotSupportedException.class);
  }
}
