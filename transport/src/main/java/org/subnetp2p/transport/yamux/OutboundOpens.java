package org.subnetp2p.transport.yamux;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.StreamResetException;

/**
 * The streams this side asked to open, queued while {@link YamuxConfig#maxAckBacklog()} of its
 * streams wait for the remote's ACK, and opened (SYN, window raise, initial data) in order as the
 * backlog drains. The queue is bounded, and a caller that gives up leaves it. Event loop only,
 * except {@link #open}, which posts to it.
 */
final class OutboundOpens {
  /** An open waiting for the ACK backlog, with what to send right after its SYN. */
  private record PendingOpen(CompletableFuture<YamuxStream> future, byte[] initial, boolean fin) {}

  private final YamuxSession session;
  private final StreamTable streams;
  private final int maxAckBacklog;
  private final ArrayDeque<PendingOpen> pendingOpens = new ArrayDeque<>();

  OutboundOpens(YamuxSession session, StreamTable streams, int maxAckBacklog) {
    this.session = session;
    this.streams = streams;
    this.maxAckBacklog = maxAckBacklog;
  }

  /** See {@link YamuxSession#openStream(byte[], boolean)}. */
  CompletableFuture<YamuxStream> open(byte[] initial, boolean fin) {
    CompletableFuture<YamuxStream> future = new CompletableFuture<>();
    PendingOpen open = new PendingOpen(future, initial, fin);
    boolean posted =
        session.execute(
            () -> {
              if (future.isDone()) {
                return; // the caller gave up before the open was queued
              }
              if (pendingOpens.size() >= YamuxSession.MAX_PENDING_OPENS) {
                future.completeExceptionally(
                    new StreamResetException(
                        "cannot open a yamux stream: "
                            + YamuxSession.MAX_PENDING_OPENS
                            + " opens already wait for the remote to acknowledge earlier ones"));
                return;
              }
              pendingOpens.add(open);
              drain();
              // A caller that gives up while the open waits takes it out of the queue (at once if
              // it gave up meanwhile), so cancelled opens never fill the queue's bound.
              future.whenComplete(
                  (s, e) -> {
                    if (e != null) {
                      session.execute(() -> pendingOpens.remove(open));
                    }
                  });
            });
    if (!posted) {
      future.completeExceptionally(session.closedException());
    }
    return future;
  }

  /** Opens what waits, while the ACK backlog has room; fails it all once no stream may open. */
  void drain() {
    while (!pendingOpens.isEmpty()) {
      String refusal = session.openRefusal();
      if (refusal != null) {
        failAll(refusal);
        return;
      }
      if (streams.unacked() >= maxAckBacklog) {
        return;
      }
      PendingOpen open = pendingOpens.poll();
      if (open.future().isDone()) {
        continue;
      }
      if (streams.idsExhausted()) {
        open.future()
            .completeExceptionally(
                new StreamResetException("yamux stream ids exhausted on this session"));
        continue;
      }
      int id = streams.takeOutboundId();
      YamuxStream stream = session.newStream(id, Direction.OUTBOUND);
      // The SYN carries no window: a raise beyond 256 KiB follows in a plain window update.
      // py-libp2p (yamux.py, handle_incoming) opens a stream on WINDOW_UPDATE|SYN but drops its
      // length, so a raise sent with the SYN would be lost: the Python writer would stop at 256
      // KiB while we, believing we granted more, would wait for half of that to be read before
      // granting again (a stall; py-libp2p's writer gives up after 5 s). A plain window update is
      // honoured by every implementation; it costs 12 bytes, and only with a raised window.
      session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0);
      int raise = stream.receiveWindowSize() - YamuxFrame.DEFAULT_WINDOW;
      if (raise > 0) {
        session.writeControl(YamuxFrame.Type.WINDOW_UPDATE, 0, id, raise);
      }
      stream.writeInitial(open.initial(), open.fin());
      if (!open.future().complete(stream)) {
        stream.reset();
      }
    }
  }

  /** Fails every open waiting, with {@code reason}. */
  void failAll(String reason) {
    PendingOpen open;
    while ((open = pendingOpens.poll()) != null) {
      open.future().completeExceptionally(new StreamResetException(reason));
    }
  }
}
