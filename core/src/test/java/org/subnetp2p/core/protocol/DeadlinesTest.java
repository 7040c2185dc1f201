package org.subnetp2p.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.testing.Eventually;

class DeadlinesTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void runsNeverBeforeItsDeadline() {
    for (long delay : new long[] {0, 1 * MS, 7 * MS, 23 * MS}) {
      long start = System.nanoTime();
      AtomicLong ranAt = new AtomicLong();
      Deadlines.after(delay, () -> ranAt.set(System.nanoTime()));
      Eventually.until("the deadline after " + delay + " ns ran", () -> ranAt.get() != 0);
      assertThat(ranAt.get() - start).isGreaterThanOrEqualTo(delay);
    }
  }

  @Test
  void aCancelledDeadlineNeverRuns() {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    AtomicBoolean laterRan = new AtomicBoolean();
    Deadlines.after(2 * MS, () -> cancelledRan.set(true)).cancel();
    // A deadline at least one slot later: once it has run, the cancelled one's slot has fired.
    Deadlines.after(2 * MS + 2 * Deadlines.SLOT_NANOS, () -> laterRan.set(true));
    Eventually.until("the later deadline ran", laterRan::get);
    assertThat(cancelledRan).isFalse();
  }

  @Test
  void deadlinesSharingASlotAllRunAndAFailingOneStopsNone() {
    int count = 100;
    List<AtomicBoolean> ran = new ArrayList<>();
    Deadlines.after(
        3 * MS,
        () -> {
          throw new IllegalStateException("failing on purpose");
        });
    for (int i = 0; i < count; i++) {
      AtomicBoolean flag = new AtomicBoolean();
      ran.add(flag);
      Deadlines.after(3 * MS, () -> flag.set(true));
    }
    Eventually.until("all deadlines ran", () -> ran.stream().allMatch(AtomicBoolean::get));
  }

  @Test
  void cancellingAfterItRanOrTwiceIsHarmless() {
    AtomicBoolean ran = new AtomicBoolean();
    Deadlines.Deadline d = Deadlines.after(0, () -> ran.set(true));
    Eventually.until("the deadline ran", ran::get);
    d.cancel();
    d.cancel();
    Deadlines.after(Long.MAX_VALUE, () -> ran.set(false)).cancel(); // scheduled alone
    assertThat(ran).isTrue();
  }
}
