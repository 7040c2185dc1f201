package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;

/**
 * The gater's decision right after the security handshake, both directions, answered at once or
 * later from another thread, over real TCP and Noise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdmissionTest {
  private static final String ECHO = "/test/echo/1.0.0";
  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void closeHosts() {
    hosts.close();
  }

  /** Refuses the listed peers, admits everyone else; remembers who it was asked about. */
  private static final class ListGater implements ConnectionGater {
    final Set<PeerId> refused = ConcurrentHashMap.newKeySet();
    final Set<PeerId> asked = ConcurrentHashMap.newKeySet();

    @Override
    public boolean allowSecured(PeerId peer, Direction direction) {
      asked.add(peer);
      return !refused.contains(peer);
    }
  }

  /** Answers only when the test completes {@link #answer}, from the test's thread. */
  private static final class LaterGater implements ConnectionGater {
    final AtomicReference<CompletableFuture<Boolean>> answer =
        new AtomicReference<>(new CompletableFuture<>());
    final CompletableFuture<PeerId> asked = new CompletableFuture<>();

    @Override
    public boolean allowSecured(PeerId peer, Direction direction) {
      throw new AssertionError("the host asks admitSecured");
    }

    @Override
    public CompletionStage<Boolean> admitSecured(PeerId peer, Direction direction) {
      asked.complete(peer);
      return answer.get();
    }
  }

  private static void serveEcho(NettyHost host) {
    host.setStreamHandler(
        ECHO,
        s -> {
          s.write(s.inputStream().readAllBytes());
          s.close();
        });
  }

  private static String echo(NettyHost from, PeerId to, String text) throws Exception {
    Stream s = from.newStream(to, List.of(ECHO)).get(10, TimeUnit.SECONDS);
    s.write(text.getBytes(StandardCharsets.UTF_8));
    s.closeWrite();
    return new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static NotAdmittedException notAdmitted(Throwable t) {
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(NotAdmittedException.class);
    return (NotAdmittedException) t.getCause();
  }

  @Test
  void aDialerRefusedByTheListenerGetsATypedErrorNamingTheRemote() throws Exception {
    ListGater gater = new ListGater();
    NettyHost listener = hosts.start(b -> b.gater(gater));
    NettyHost intruder = hosts.start();
    gater.refused.add(intruder.peerId());

    Throwable failure =
        catchFailure(() -> intruder.connect(listener.dialableAddresses().get(0)).get(10, SECONDS));

    NotAdmittedException e = notAdmitted(failure);
    assertThat(e.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.REMOTE);
    // The wire cannot tell a refusal from a listener that gave up (overloaded): both are named.
    assertThat(e.getMessage())
        .contains("it does not admit this node")
        .contains("or it gave up on the handshake")
        .containsPattern("the connection and handshake took \\d+ ms");
    assertThat(e.peer()).isEqualTo(listener.peerId());
    assertThat(gater.asked).containsExactly(intruder.peerId());
    assertThat(intruder.connections()).isEmpty();
    assertThat(listener.connections()).isEmpty();
  }

  @Test
  void ourOwnGaterRefusingTheDialledPeerFailsTheDialAsNotAdmitted() throws Exception {
    ListGater gater = new ListGater();
    NettyHost dialer = hosts.start(b -> b.gater(gater));
    NettyHost other = hosts.start();
    gater.refused.add(other.peerId());

    Throwable failure =
        catchFailure(() -> dialer.connect(other.dialableAddresses().get(0)).get(10, SECONDS));

    NotAdmittedException e = notAdmitted(failure);
    assertThat(e.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.LOCAL);
    assertThat(e.peer()).isEqualTo(other.peerId());
  }

  @Test
  void aRefusedPeerDisturbsNoOtherConnection() throws Exception {
    ListGater gater = new ListGater();
    NettyHost listener = hosts.start(b -> b.gater(gater));
    serveEcho(listener);
    NettyHost member = hosts.start();
    NettyHost intruder = hosts.start();
    gater.refused.add(intruder.peerId());
    member.connect(listener.dialableAddresses().get(0)).get(10, SECONDS);

    for (int i = 0; i < 5; i++) {
      notAdmitted(
          catchFailure(
              () -> intruder.connect(listener.dialableAddresses().get(0)).get(10, SECONDS)));
    }

    assertThat(echo(member, listener.peerId(), "still here")).isEqualTo("still here");
    assertThat(listener.connections())
        .extracting(Connection::remotePeer)
        .containsExactly(member.peerId());
  }

  @Test
  void aDecisionThatComesLaterHoldsTheConnectionAndLosesNoByte() throws Exception {
    LaterGater gater = new LaterGater();
    NettyHost listener = hosts.start(b -> b.gater(gater));
    serveEcho(listener);
    NettyHost dialer = hosts.start();

    CompletableFuture<Connection> dial = dialer.connect(listener.dialableAddresses().get(0));
    assertThat(gater.asked.get(10, SECONDS)).isEqualTo(dialer.peerId());
    // The dialer's muxer proposal is already on its way and must be held, not dropped.
    assertThat(dial).isNotDone();
    gater.answer.get().complete(true);

    dial.get(10, SECONDS);
    assertThat(echo(dialer, listener.peerId(), "held, then admitted"))
        .isEqualTo("held, then admitted");
  }

  @Test
  void aRefusalThatComesLaterFailsTheDialAsNotAdmitted() throws Exception {
    LaterGater gater = new LaterGater();
    NettyHost dialer = hosts.start(b -> b.gater(gater));
    NettyHost other = hosts.start();

    CompletableFuture<Connection> dial = dialer.connect(other.dialableAddresses().get(0));
    gater.asked.get(10, SECONDS);
    gater.answer.get().complete(false);

    NotAdmittedException e = notAdmitted(catchFailure(() -> dial.get(10, SECONDS)));
    assertThat(e.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.LOCAL);
    assertThat(dialer.connections()).isEmpty();
  }

  @Test
  void aGaterThatFailsRefuses() throws Exception {
    LaterGater gater = new LaterGater();
    NettyHost listener = hosts.start(b -> b.gater(gater));
    NettyHost dialer = hosts.start();

    CompletableFuture<Connection> dial = dialer.connect(listener.dialableAddresses().get(0));
    gater.asked.get(10, SECONDS);
    gater.answer.get().completeExceptionally(new IllegalStateException("lookup failed"));

    assertThat(notAdmitted(catchFailure(() -> dial.get(10, SECONDS))).refusedBy())
        .isEqualTo(NotAdmittedException.RefusedBy.REMOTE);
  }

  @Test
  void aDecisionThatNeverComesEndsAtTheHandshakeDeadline() throws Exception {
    LaterGater gater = new LaterGater();
    Duration deadline = Duration.ofMillis(500);
    NettyHost listener = hosts.start(b -> b.gater(gater).dialTimeout(deadline));
    NettyHost dialer = hosts.start();

    Throwable failure =
        catchFailure(() -> dialer.connect(listener.dialableAddresses().get(0)).get(10, SECONDS));

    assertThat(failure.getCause()).isInstanceOf(DialException.class);
    assertThat(listener.connections()).isEmpty();
  }

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private static Throwable catchFailure(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("the call fails").isNotNull();
    return t;
  }
}
