package org.subnetp2p.transport.host;

import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;

/**
 * A dial in flight and the callers waiting for it. Each caller gets a future of its own, so that
 * one caller's deadline (a cancel) does not fail the others; the dial is abandoned, and its channel
 * closed, only once no caller waits.
 */
final class SharedDial {
  final CompletableFuture<Connection> result = new CompletableFuture<>();

  /** Callers waiting; -1 once the dial finished or was abandoned, and no one may join. */
  private final AtomicInteger waiters = new AtomicInteger();

  /** The channel of the attempt in progress, closed if the dial is abandoned. */
  final AtomicReference<Channel> attempt = new AtomicReference<>();

  SharedDial() {
    result.whenComplete((c, e) -> waiters.set(-1));
  }

  /** A future of the caller's own, or null if the dial can no longer be joined. */
  CompletableFuture<Connection> join() {
    while (true) {
      int w = waiters.get();
      if (w < 0) {
        return null;
      }
      if (waiters.compareAndSet(w, w + 1)) {
        break;
      }
    }
    CompletableFuture<Connection> mine = new CompletableFuture<>();
    result.whenComplete(
        (c, e) -> {
          if (e != null) {
            mine.completeExceptionally(e);
          } else {
            mine.complete(c);
          }
        });
    mine.whenComplete(
        (c, e) -> {
          if (mine.isCancelled()) {
            leave();
          }
        });
    return mine;
  }

  private void leave() {
    if (waiters.decrementAndGet() == 0 && waiters.compareAndSet(0, -1)) {
      result.completeExceptionally(new DialException("dial abandoned: no caller waits for it"));
      Channel ch = attempt.get();
      if (ch != null) {
        ch.close();
      }
    }
  }

  boolean abandoned() {
    return result.isDone();
  }
}
