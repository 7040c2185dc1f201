package org.subnetp2p.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.protocol.InboundScheduler.Admission;
import org.subnetp2p.core.testing.Eventually;
import org.subnetp2p.core.testing.TestPeers;

/** The waiting rules of inbound requests, without a network. */
class InboundSchedulerTest {
  private static final long LATER = Duration.ofSeconds(30).toNanos();
  private final PeerId a = TestPeers.random();
  private final PeerId b = TestPeers.random();
  private final AtomicInteger waits = new AtomicInteger();

  private InboundScheduler scheduler(int active, int activePerPeer, int queued, int queuedPerPeer) {
    return new InboundScheduler(
        active, activePerPeer, queued, queuedPerPeer, waits::incrementAndGet);
  }

  private static long in(long nanos) {
    return System.nanoTime() + nanos;
  }

  /** Starts a request from {@code peer} that waits on a virtual thread. */
  private static CompletableFuture<Admission> waiting(
      InboundScheduler s, PeerId peer, long deadline, AtomicBoolean abandoned) {
    CompletableFuture<Admission> out = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                out.complete(s.acquire(peer, deadline, abandoned::get));
              } catch (Throwable t) {
                out.completeExceptionally(t);
              }
            });
    return out;
  }

  @Test
  void underTheLimitsARequestIsAdmittedAtOnceWithoutWaiting() throws Exception {
    InboundScheduler s = scheduler(2, 2, 0, 0);

    assertThat(s.acquire(a, in(LATER), () -> false)).isEqualTo(Admission.ADMITTED);
    assertThat(s.acquire(a, in(LATER), () -> false)).isEqualTo(Admission.ADMITTED);
    assertThat(s.acquire(a, in(LATER), () -> false)).isEqualTo(Admission.QUEUE_FULL);
    assertThat(waits).hasValue(0);
  }

  @Test
  void aReleaseHandsTheSlotToTheWaitingRequest() throws Exception {
    InboundScheduler s = scheduler(1, 1, 10, 10);
    assertThat(s.acquire(a, in(LATER), () -> false)).isEqualTo(Admission.ADMITTED);
    CompletableFuture<Admission> second = waiting(s, a, in(LATER), new AtomicBoolean());
    Eventually.until("the second waits", () -> s.queued() == 1);

    s.release(a);

    assertThat(second.get()).isEqualTo(Admission.ADMITTED);
    assertThat(s.active()).isEqualTo(1);
    assertThat(s.queued()).isZero();
    assertThat(waits).hasValue(1);
  }

  @Test
  void aWaitEndsAtItsDeadline() throws Exception {
    InboundScheduler s = scheduler(1, 1, 10, 10);
    s.acquire(a, in(LATER), () -> false);

    Admission late = s.acquire(b, in(Duration.ofMillis(50).toNanos()), () -> false);

    assertThat(late).isEqualTo(Admission.TIMED_OUT);
    assertThat(s.queued()).isZero();
    s.release(a);
    assertThat(s.active()).isZero();
  }

  @Test
  void aFullQueueFirstDropsRequestsWhoseCallersLeft() throws Exception {
    InboundScheduler s = scheduler(1, 1, 1, 1);
    s.acquire(a, in(LATER), () -> false);
    AtomicBoolean gone = new AtomicBoolean();
    CompletableFuture<Admission> abandoned = waiting(s, a, in(LATER), gone);
    Eventually.until("it waits", () -> s.queued() == 1);
    gone.set(true);

    CompletableFuture<Admission> next = waiting(s, a, in(LATER), new AtomicBoolean());

    assertThat(abandoned.get()).isEqualTo(Admission.ABANDONED);
    Eventually.until("the newcomer took its place", () -> s.queued() == 1);
    s.release(a);
    assertThat(next.get()).isEqualTo(Admission.ADMITTED);
  }

  @Test
  void anInterruptedWaitLeavesNoTrace() throws Exception {
    InboundScheduler s = scheduler(1, 1, 10, 10);
    s.acquire(a, in(LATER), () -> false);
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    s.acquire(b, in(LATER), () -> false);
                    failure.complete(null);
                  } catch (InterruptedException e) {
                    failure.complete(e);
                  }
                });
    Eventually.until("it waits", () -> s.queued() == 1);

    waiter.interrupt();

    assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    assertThat(s.queued()).isZero();
    s.release(a);
    assertThat(s.active()).isZero();
    assertThat(s.acquire(b, in(LATER), () -> false)).isEqualTo(Admission.ADMITTED);
  }

  @Test
  void aPeerOverItsOwnLimitDoesNotHoldBackOthersWhenSlotsAreFree() throws Exception {
    InboundScheduler s = scheduler(10, 1, 10, 10);
    s.acquire(a, in(LATER), () -> false);
    CompletableFuture<Admission> secondOfA = waiting(s, a, in(LATER), new AtomicBoolean());
    Eventually.until("a's second waits", () -> s.queued() == 1);

    assertThat(s.acquire(b, in(LATER), () -> false)).isEqualTo(Admission.ADMITTED);
    assertThat(secondOfA).isNotDone();
    s.release(a);
    assertThat(secondOfA.get()).isEqualTo(Admission.ADMITTED);
  }

  @Test
  void releasingWithoutASlotIsABug() {
    InboundScheduler s = scheduler(1, 1, 1, 1);

    assertThatThrownBy(() -> s.release(a)).isInstanceOf(IllegalStateException.class);
  }
}
