package org.subnetp2p.core.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared timer thread that enforces call deadlines for every protocol in the JVM.
 *
 * <p>Deadlines are grouped in slots of {@link #SLOT_NANOS}: each runs at the end of its slot (never
 * early, at most one slot late), and all deadlines of a slot share one timer task. Why: with one
 * call at a time, every call's deadline (cancelled a moment later) was the head of the timer's
 * queue, and putting a new head there wakes the timer thread to re-arm itself: a context switch per
 * call on each side, on the path of every call. Now a call joins its slot's set, and the timer
 * thread wakes at most once per slot. Callers judge lateness by the clock, not by the timer (a
 * loaded machine delays timers anyway).
 */
final class Deadlines {
  /** How late a deadline may run, and how many deadlines share one timer wake-up. */
  static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Longer delays are scheduled alone (rare; keeps the slot arithmetic far from overflow). */
  private static final long MAX_SLOTTED_NANOS = TimeUnit.DAYS.toNanos(1);

  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);
  private static final ScheduledThreadPoolExecutor TIMER = timer();
  private static final long ORIGIN = System.nanoTime();

  /**
   * Open slots by number; a slot leaves when it fires. At most one per slot between now and the
   * furthest pending deadline (3,000 for the default 30 s deadlines), each with a timer task.
   */
  private static final Map<Long, Slot> SLOTS = new ConcurrentHashMap<>();

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("subnet-p2p-deadlines").unstarted(r));
    // Only the rare unslotted deadlines are cancelled: without this each would stay queued, with
    // the call it references, until its time.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private Deadlines() {}

  /** A pending deadline. */
  interface Deadline {
    /** Stops it from running, if it has not run yet. Never blocks for long. */
    void cancel();
  }

  /** Runs {@code action} on the timer thread once {@code nanos} have passed, unless cancelled. */
  static Deadline after(long nanos, Runnable action) {
    long delay = Math.max(0, nanos);
    if (delay > MAX_SLOTTED_NANOS) {
      ScheduledFuture<?> alone = TIMER.schedule(action, delay, TimeUnit.NANOSECONDS);
      return () -> alone.cancel(false);
    }
    // Slot n ends at ORIGIN + n * SLOT_NANOS: the first slot ending at or after the deadline.
    long due = System.nanoTime() - ORIGIN + delay;
    long number = due / SLOT_NANOS + 1;
    Entry entry = new Entry(action);
    while (true) {
      Slot slot = SLOTS.get(number);
      if (slot == null) {
        Slot fresh = new Slot(number);
        slot = SLOTS.putIfAbsent(number, fresh);
        if (slot == null) {
          slot = fresh;
          long wait = number * SLOT_NANOS - (System.nanoTime() - ORIGIN);
          TIMER.schedule(fresh, wait, TimeUnit.NANOSECONDS);
        }
      }
      if (slot.add(entry)) {
        return entry;
      }
      SLOTS.remove(number, slot); // it fired as we looked: a new slot, already due, follows
    }
  }

  /** The deadlines ending in one slot, run together by one timer task. */
  private static final class Slot implements Runnable {
    private final long number;
    private final Set<Entry> entries = new HashSet<>(); // guarded by this
    private boolean fired; // guarded by this

    Slot(long number) {
      this.number = number;
    }

    synchronized boolean add(Entry entry) {
      if (fired) {
        return false;
      }
      entries.add(entry);
      entry.slot = this;
      return true;
    }

    synchronized void remove(Entry entry) {
      entries.remove(entry);
    }

    @Override
    public void run() {
      SLOTS.remove(number, this);
      List<Entry> due;
      synchronized (this) {
        fired = true;
        due = new ArrayList<>(entries);
        entries.clear();
      }
      for (Entry e : due) {
        e.fire();
      }
    }
  }

  /** One deadline: runs once, unless cancelled first. */
  private static final class Entry implements Deadline {
    private final Runnable action;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile @Nullable Slot slot;

    Entry(Runnable action) {
      this.action = action;
    }

    @Override
    public void cancel() {
      if (done.compareAndSet(false, true)) {
        Slot s = slot;
        if (s != null) {
          s.remove(this); // the call it references is not kept until the slot ends
        }
      }
    }

    void fire() {
      if (done.compareAndSet(false, true)) {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.warn("a call deadline's action failed", e); // the other deadlines still run
        }
      }
    }
  }
}
