package org.subnetp2p.bench.soak;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.subnetp2p.core.host.P2PException;

/**
 * Counts how asynchronous operations of one kind end: ok, a typed error (a {@link P2PException}),
 * another error, or LOST: not complete by its deadline plus a slack. At most {@code maxInFlight}
 * are tracked at once; an operation beyond that is not started but counted as skipped, so the soak
 * itself cannot grow without bound when the node under test slows down.
 */
final class Ledger {
  /** Distinct error class names kept; more are counted under "other classes". */
  private static final int MAX_ERROR_KINDS = 32;

  /** An operation in flight; {@code overdueSince} is set (by the sweeper only) once overdue. */
  private static final class Pending {
    final long deadlineNanos;
    long overdueSince;

    Pending(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }
  }

  /**
   * An overdue operation is counted lost only if it is still pending at a sweep this long after the
   * sweep that first saw it overdue. After a stop-the-world pause (the soak's full GCs took 10 s
   * and more on the loaded machine) the operation's own timeout and the sweep become due at the
   * same instant; this lets the timeout fire first instead of counting the pause as a lost call.
   */
  private static final long CONFIRM_NANOS = 1_000_000_000L;

  private final String name;
  private final Semaphore permits;
  private final long slackNanos;
  private final Map<Long, Pending> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final LongAdder started = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder negative = new LongAdder();
  private final LongAdder typed = new LongAdder();
  private final LongAdder untyped = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final Map<String, Long> errors = new TreeMap<>();

  Ledger(String name, int maxInFlight, long slackNanos) {
    this.name = name;
    this.permits = new Semaphore(maxInFlight);
    this.slackNanos = slackNanos;
  }

  String name() {
    return name;
  }

  /**
   * Starts one operation through {@code start} unless {@code maxInFlight} are pending, and tracks
   * it until it completes or {@code timeoutNanos} plus the slack pass. {@code success} tells an ok
   * result from a negative one (e.g. a lookup that found nothing).
   */
  <T> void track(
      long timeoutNanos,
      java.util.function.Supplier<CompletableFuture<T>> start,
      Predicate<T> success) {
    if (!permits.tryAcquire()) {
      skipped.increment();
      return;
    }
    long id = ids.incrementAndGet();
    inFlight.put(id, new Pending(System.nanoTime() + timeoutNanos + slackNanos));
    started.increment();
    CompletableFuture<T> f;
    try {
      f = start.get();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete(
        (r, e) -> {
          if (inFlight.remove(id) == null) {
            late.increment(); // already counted lost: completed after its deadline and slack
            return;
          }
          permits.release();
          if (e == null) {
            (success.test(r) ? ok : negative).increment();
          } else {
            Throwable cause = unwrap(e);
            (cause instanceof P2PException ? typed : untyped).increment();
            recordError(cause);
          }
        });
  }

  /**
   * Counts as lost each operation past its deadline and slack at two sweeps a second apart; call
   * every second or so, from one thread.
   */
  void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<Long, Pending>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Pending> e = it.next();
      Pending p = e.getValue();
      if (now - p.deadlineNanos <= 0) {
        continue;
      }
      if (p.overdueSince == 0) {
        p.overdueSince = now;
      } else if (now - p.overdueSince >= CONFIRM_NANOS && inFlight.remove(e.getKey()) != null) {
        lost.increment();
        permits.release();
      }
    }
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private synchronized void recordError(Throwable cause) {
    String kind = cause.getClass().getSimpleName();
    if (!errors.containsKey(kind) && errors.size() >= MAX_ERROR_KINDS) {
      kind = "other classes";
    }
    errors.merge(kind, 1L, Long::sum);
  }

  Counts counts() {
    return new Counts(
        started.sum(),
        ok.sum(),
        negative.sum(),
        typed.sum(),
        untyped.sum(),
        lost.sum(),
        late.sum(),
        skipped.sum(),
        inFlight.size());
  }

  synchronized Map<String, Long> errors() {
    return new TreeMap<>(errors);
  }

  /** Cumulative figures. */
  record Counts(
      long started,
      long ok,
      long negative,
      long typed,
      long untyped,
      long lost,
      long late,
      long skipped,
      int inFlight) {}
}
