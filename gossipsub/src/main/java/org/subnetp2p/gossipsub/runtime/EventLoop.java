package org.subnetp2p.gossipsub.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual thread that runs tasks in order: the router's only thread, so its state needs no
 * locks. Producers never block: the queue is unbounded, and each producer bounds itself (one peer's
 * RPCs in flight, validations, subscriptions).
 */
public final class EventLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  private static final Runnable STOP = () -> {};

  // Lock-free: a producer on a Netty thread must never park (a LinkedBlockingQueue's add takes a
  // lock, contended by the loop's take).
  private final LinkedTransferQueue<Runnable> queue = new LinkedTransferQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** Starts a loop whose thread is named {@code name}. */
  public EventLoop(String name) {
    this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
  }

  private void run() {
    while (true) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("gossipsub task failed", e);
      }
    }
  }

  /** Runs {@code task} on the loop, after the tasks already queued; dropped once closed. */
  public void execute(Runnable task) {
    if (!closed) {
      queue.add(task);
    }
  }

  /** Whether the caller is the loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs {@code task} on the loop and waits for its result, at most {@code timeout}.
   *
   * @throws IllegalStateException if the loop is closed, the task fails or the wait times out
   */
  public <T> T call(Callable<T> task, Duration timeout) {
    if (inLoop()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closed) {
      throw new IllegalStateException("gossipsub is closed");
    }
    queue.add(
        () -> {
          try {
            result.complete(task.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for gossipsub", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("gossipsub did not answer within " + timeout, e);
    }
  }

  /** Tasks waiting, for tests and metrics. */
  public int backlog() {
    return queue.size();
  }

  /** Runs the tasks already queued, then stops; waits a bounded time. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      if (!thread.join(Duration.ofSeconds(2))) {
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
