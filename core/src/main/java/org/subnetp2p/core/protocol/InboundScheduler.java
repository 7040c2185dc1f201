package org.subnetp2p.core.protocol;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.identity.PeerId;

/**
 * Decides when an inbound request may be served: at once while the protocol is under its
 * concurrency limits (in total and per peer), otherwise after waiting in its peer's queue.
 *
 * <p>A waiting request is parked on the virtual thread the host gave its stream, which costs no
 * platform thread, and its bytes stay unread in the muxer, whose flow control holds the caller
 * back. When a slot frees, it goes to the next peer in turn that has a request waiting and is under
 * its own limit: a peer that just had a request served yields to the others, so one peer with
 * hundreds of requests waiting delays another peer's single request by at most one turn. Within a
 * peer, requests are served in arrival order.
 *
 * <p>Every collection here is bounded: the queues by {@code maxQueued} and {@code
 * maxQueuedPerPeer}, the peers by the requests they have in flight or waiting (a peer with none is
 * forgotten).
 */
final class InboundScheduler {

  /** How a request's wait ended. */
  enum Admission {
    /** It may be served now; {@link #release} must follow. */
    ADMITTED,
    /** Its peer's queue or the protocol's queue was full. */
    QUEUE_FULL,
    /** Its deadline passed while it waited. */
    TIMED_OUT,
    /** Its stream closed while it waited (the caller gave up). */
    ABANDONED
  }

  private final int maxActive;
  private final int maxActivePerPeer;
  private final int maxQueued;
  private final int maxQueuedPerPeer;
  private final Runnable onWait;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<PeerId, Peer> peers = new HashMap<>();

  /** Peers with requests waiting, in the order they get their turn. */
  private final LinkedHashSet<Peer> turns = new LinkedHashSet<>();

  private int active;
  private int queued;

  /**
   * @param onWait called (cheaply, under the lock) each time a request has to wait
   */
  InboundScheduler(
      int maxActive, int maxActivePerPeer, int maxQueued, int maxQueuedPerPeer, Runnable onWait) {
    this.maxActive = maxActive;
    this.maxActivePerPeer = maxActivePerPeer;
    this.maxQueued = maxQueued;
    this.maxQueuedPerPeer = maxQueuedPerPeer;
    this.onWait = onWait;
  }

  private static final class Peer {
    final PeerId id;
    final ArrayDeque<Ticket> queue = new ArrayDeque<>();
    int active;

    Peer(PeerId id) {
      this.id = id;
    }
  }

  private static final class Ticket {
    final Condition changed;
    final BooleanSupplier abandoned;
    @Nullable Admission outcome; // set under the lock once decided

    Ticket(Condition changed, BooleanSupplier abandoned) {
      this.changed = changed;
      this.abandoned = abandoned;
    }
  }

  /**
   * Waits until a request from {@code peer} may be served, at most until {@code deadlineNanos} (a
   * {@link System#nanoTime()} value).
   *
   * @param abandoned whether the request's stream has closed; asked only when a queue is full, to
   *     make room by dropping requests whose callers are gone
   * @throws InterruptedException if the waiting thread is interrupted; the request then holds no
   *     slot and no queue place
   */
  Admission acquire(PeerId peer, long deadlineNanos, BooleanSupplier abandoned)
      throws InterruptedException {
    lock.lock();
    try {
      Peer p = peers.computeIfAbsent(peer, Peer::new);
      if (p.queue.isEmpty() && mayRun(p)) {
        admit(p);
        return Admission.ADMITTED;
      }
      if (queueFull(p)) {
        dropAbandoned();
        if (queueFull(p)) {
          forgetIfIdle(p);
          return Admission.QUEUE_FULL;
        }
      }
      Ticket ticket = new Ticket(lock.newCondition(), abandoned);
      p.queue.addLast(ticket);
      queued++;
      turns.add(p);
      onWait.run();
      try {
        long nanos = deadlineNanos - System.nanoTime();
        while (ticket.outcome == null) {
          if (nanos <= 0) {
            withdraw(p, ticket);
            return Admission.TIMED_OUT;
          }
          nanos = ticket.changed.awaitNanos(nanos);
        }
        return ticket.outcome;
      } catch (InterruptedException e) {
        if (ticket.outcome == Admission.ADMITTED) {
          release(p); // admitted just as we were interrupted: hand the slot on
        } else if (ticket.outcome == null) {
          withdraw(p, ticket);
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Frees the slot a request from {@code peer} was admitted to, and hands it on. */
  void release(PeerId peer) {
    lock.lock();
    try {
      Peer p = peers.get(peer);
      if (p == null || p.active == 0) {
        throw new IllegalStateException("release without a slot for " + peer);
      }
      release(p);
    } finally {
      lock.unlock();
    }
  }

  /** Requests being served right now. */
  int active() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  /** Requests waiting for a slot right now. */
  int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  private void release(Peer p) {
    p.active--;
    active--;
    // The peer just served yields its turn to the others waiting.
    if (turns.remove(p)) {
      turns.add(p);
    }
    dispatch();
    forgetIfIdle(p);
  }

  /** Hands free slots to waiting requests, one peer per turn, while any is eligible. */
  private void dispatch() {
    boolean progress = true;
    while (progress && active < maxActive && !turns.isEmpty()) {
      progress = false;
      Iterator<Peer> it = turns.iterator();
      Peer granted = null;
      while (it.hasNext()) {
        Peer p = it.next();
        if (p.active < maxActivePerPeer) {
          granted = p;
          it.remove();
          break;
        }
      }
      if (granted != null) {
        Ticket t = granted.queue.pollFirst();
        queued--;
        admit(granted);
        t.outcome = Admission.ADMITTED;
        t.changed.signal();
        if (!granted.queue.isEmpty()) {
          turns.add(granted); // to the back: the others go first
        }
        progress = true;
      }
    }
  }

  private boolean mayRun(Peer p) {
    return active < maxActive && p.active < maxActivePerPeer;
  }

  private boolean queueFull(Peer p) {
    return p.queue.size() >= maxQueuedPerPeer || queued >= maxQueued;
  }

  private void admit(Peer p) {
    p.active++;
    active++;
  }

  /** Removes a ticket that stops waiting without a slot. */
  private void withdraw(Peer p, Ticket t) {
    if (p.queue.remove(t)) {
      queued--;
    }
    if (p.queue.isEmpty()) {
      turns.remove(p);
    }
    forgetIfIdle(p);
  }

  /** Frees the queue places of requests whose callers gave up; they wake as abandoned. */
  private void dropAbandoned() {
    for (Iterator<Peer> peerIt = turns.iterator(); peerIt.hasNext(); ) {
      Peer p = peerIt.next();
      for (Iterator<Ticket> it = p.queue.iterator(); it.hasNext(); ) {
        Ticket t = it.next();
        if (t.abandoned.getAsBoolean()) {
          it.remove();
          queued--;
          t.outcome = Admission.ABANDONED;
          t.changed.signal();
        }
      }
      if (p.queue.isEmpty()) {
        peerIt.remove();
        forgetIfIdle(p);
      }
    }
  }

  private void forgetIfIdle(Peer p) {
    if (p.active == 0 && p.queue.isEmpty()) {
      peers.remove(p.id, p);
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "InboundScheduler[active=" + active + ", queued=" + queued + "]";
    } finally {
      lock.unlock();
    }
  }
}
