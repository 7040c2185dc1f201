package org.subnetp2p.gossipsub.runtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.subnetp2p.gossipsub.wire.RpcFrames;

/**
 * The frames waiting to be written to one peer, bounded in frames and bytes: control frames (GRAFT,
 * PRUNE, gossip, subscriptions) go first, then messages. Offering never blocks; a frame that does
 * not fit is dropped, as go-libp2p and js-libp2p drop RPCs for a peer that cannot keep up.
 */
final class OutboundQueue {
  /** One RPC to write; {@code written} (may be null) completes when it is written or dropped. */
  record Frame(byte[] rpc, CompletableFuture<Void> written) {
    void fail(Throwable cause) {
      if (written != null) {
        written.completeExceptionally(cause);
      }
    }
  }

  private final int maxFrames;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Frame> control = new ArrayDeque<>();
  private final ArrayDeque<Frame> messages = new ArrayDeque<>();
  private long bytes;
  private long dropped;
  private int writing;
  private boolean discarding;
  private boolean wakeUp;
  private IOException closedBy;

  OutboundQueue(int maxFrames, long maxBytes) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  /** Queues {@code frame}; false (and the frame failed) if the queue is full or closed. */
  boolean offer(Frame frame, boolean isControl) {
    IOException failure;
    lock.lock();
    try {
      if (closedBy != null) {
        failure = closedBy;
      } else if (discarding) {
        failure = new IOException("no pubsub stream to the peer");
      } else if (control.size() + messages.size() >= maxFrames
          || bytes + frame.rpc().length > maxBytes) {
        dropped++;
        failure = new IOException("outbound queue full: the peer does not keep up");
      } else {
        (isControl ? control : messages).addLast(frame);
        bytes += frame.rpc().length;
        ready.signal();
        return true;
      }
    } finally {
      lock.unlock();
    }
    frame.fail(failure);
    return false;
  }

  /**
   * Makes a waiting {@link #take} (or the next one, if none waits) return at once, empty even if
   * nothing came: the writer has something to look at, e.g. whether its stream is still on the
   * peer's connection.
   */
  void wakeWriter() {
    lock.lock();
    try {
      wakeUp = true;
      ready.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes frames worth at most {@code maxBatchBytes} (at least one), waiting up to {@code
   * waitNanos} for the first; empty if none came (or the writer was woken), {@code null} once
   * closed.
   */
  List<Frame> take(int maxBatchBytes, long waitNanos) throws InterruptedException {
    lock.lock();
    try {
      long remaining = waitNanos;
      while (closedBy == null && control.isEmpty() && messages.isEmpty()) {
        if (remaining <= 0 || wakeUp) {
          wakeUp = false;
          return List.of();
        }
        remaining = ready.awaitNanos(remaining);
      }
      if (closedBy != null) {
        return null;
      }
      List<Frame> batch = new ArrayList<>();
      int size = 0;
      while (true) {
        ArrayDeque<Frame> lane = !control.isEmpty() ? control : messages;
        Frame next = lane.peekFirst();
        if (next == null) {
          break;
        }
        int frameSize = RpcFrames.frameLength(next.rpc());
        if (!batch.isEmpty() && size + frameSize > maxBatchBytes) {
          break;
        }
        lane.pollFirst();
        bytes -= next.rpc().length;
        batch.add(next);
        size += frameSize;
      }
      writing = batch.size();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * While {@code on}, fails offered frames at once instead of queuing them, and fails what is
   * queued now: for a peer we cannot open a stream to, whose frames would otherwise sit here.
   */
  void discard(boolean on) {
    List<Frame> failed = new ArrayList<>();
    lock.lock();
    try {
      discarding = on;
      if (on) {
        failed.addAll(control);
        failed.addAll(messages);
        control.clear();
        messages.clear();
        bytes = 0;
      }
    } finally {
      lock.unlock();
    }
    IOException cause = new IOException("no pubsub stream to the peer");
    failed.forEach(f -> f.fail(cause));
  }

  /** The batch last taken is written (or failed). */
  void batchDone() {
    lock.lock();
    try {
      writing = 0;
    } finally {
      lock.unlock();
    }
  }

  /** Fails every queued frame and every later offer with {@code cause}. Idempotent. */
  void close(IOException cause) {
    List<Frame> failed = new ArrayList<>();
    lock.lock();
    try {
      if (closedBy != null) {
        return;
      }
      closedBy = cause;
      failed.addAll(control);
      failed.addAll(messages);
      control.clear();
      messages.clear();
      bytes = 0;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
    failed.forEach(f -> f.fail(cause));
  }

  /** Waits until the queue is empty (or closed), at most {@code timeoutNanos}. */
  boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      lock.lock();
      try {
        if (closedBy != null || (control.isEmpty() && messages.isEmpty() && writing == 0)) {
          return true;
        }
      } finally {
        lock.unlock();
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }
}
