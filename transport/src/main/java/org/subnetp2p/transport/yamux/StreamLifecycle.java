package org.subnetp2p.transport.yamux;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.StreamResetException;

/**
 * How a stream ends: a FIN from each side (half-close), a reset from either side, the end of the
 * session, and leaving the session once both sides are done. User threads read the flags and ask
 * for close or reset without waiting; what follows (FIN, RST, releasing buffers, leaving the
 * session) runs on the event loop, which alone holds the rest of this state.
 *
 * <p>The end of the session is not a reset: data that had arrived stays readable, followed by the
 * end of stream if the remote had sent FIN, else by a {@link StreamResetException} naming why the
 * session ended. Writes fail at once with that exception. Nothing of this shows on the wire.
 * (go-yamux keeps the data only of streams the remote had half-closed and resets the others;
 * js-libp2p keeps every stream's read buffer, then ends it cleanly even if the remote never
 * half-closed, which would pass a truncated message off as complete.)
 */
final class StreamLifecycle {
  private final YamuxStream stream;
  private final YamuxSession session;
  private final StreamSender sender;
  private final StreamReceiver receiver;

  // Shared between the event loop and user threads, lock-free.
  private final AtomicReference<String> resetReason = new AtomicReference<>();
  private volatile boolean remoteFin;
  private volatile boolean readClosed;
  private volatile String sessionEndReason;

  // Event loop only.
  private boolean finSent;
  private boolean acked;
  private boolean removed;

  StreamLifecycle(
      YamuxStream stream, YamuxSession session, StreamSender sender, StreamReceiver receiver) {
    this.stream = stream;
    this.session = session;
    this.sender = sender;
    this.receiver = receiver;
  }

  /** Why the stream was reset, or null. */
  String resetReason() {
    return resetReason.get();
  }

  /** Whether the remote sent FIN: it writes no more. */
  boolean remoteFin() {
    return remoteFin;
  }

  /**
   * Why the session ended, or null while it carries on: the remote has forgotten every stream and
   * no frame goes out any more.
   */
  String sessionEndReason() {
    return sessionEndReason;
  }

  /** Whether the owner closed the stream: it reads no more. */
  boolean readClosed() {
    return readClosed;
  }

  /** Whether the stream left the session (event loop only). */
  boolean removed() {
    return removed;
  }

  // ---- Half-close, close, reset: any thread, never waiting. ----

  /** See {@link YamuxStream#closeWrite}. */
  void closeWrite() throws IOException {
    String reset = resetReason.get();
    if (reset != null) {
      throw new StreamResetException(reset);
    }
    String ended = sessionEndReason;
    if (ended != null && !sender.finRequested()) {
      throw new StreamResetException(ended); // a FIN can no longer reach the remote
    }
    sender.requestFin();
  }

  /** See {@link YamuxStream#reset}. */
  void reset() {
    if (markReset("yamux stream " + stream.idString() + " was reset locally")) {
      onEventLoop(() -> afterReset(true));
    }
  }

  /** See {@link YamuxStream#close}. */
  void close() {
    if (resetReason.get() != null || readClosed) {
      return;
    }
    readClosed = true;
    receiver.markDiscarded();
    sender.requestFin();
    onEventLoop(this::discardInbound);
  }

  /** See {@link YamuxStream#isClosed}. */
  boolean isClosed() {
    return resetReason.get() != null
        || sessionEndReason != null
        || (sender.finRequested() && (remoteFin || readClosed));
  }

  /**
   * Runs {@code task} on the session's event loop; once that is gone (the session ended and nothing
   * else touches the stream) here, so that buffers are still released.
   */
  private void onEventLoop(Runnable task) {
    if (!session.execute(task)) {
      task.run();
    }
  }

  /** Records the reset and wakes both sides; false if it was reset already. */
  private boolean markReset(String reason) {
    if (!resetReason.compareAndSet(null, reason)) {
      return false;
    }
    receiver.markDiscarded();
    sender.signal();
    return true;
  }

  // ---- The event loop. ----

  void onRemoteFin() {
    if (resetReason.get() != null || remoteFin) {
      return;
    }
    remoteFin = true;
    receiver.signal();
    removeIfDone();
  }

  void onRemoteReset() {
    if (markReset("yamux stream " + stream.idString() + " was reset by the remote")) {
      afterReset(false);
    }
  }

  /**
   * The session ended: writes fail with {@code reason} from now on; reads take what had arrived
   * (unless {@code keepData} is false: then the stream is reset), then see the end of stream (the
   * remote had sent FIN) or fail with {@code reason}.
   */
  void onSessionClosed(String reason, boolean keepData) {
    removed = true; // the session's table is cleared as a whole
    sessionEndReason = reason;
    if (!keepData) {
      markReset(reason);
    }
    if (resetReason.get() == null && !readClosed) {
      receiver.onSessionEnd();
    } else {
      receiver.discard();
    }
    receiver.signal();
    sender.signal();
  }

  /** Marks an outbound stream acknowledged; true the first time, when it leaves the backlog. */
  boolean markAcked() {
    if (acked) {
      return false;
    }
    acked = true;
    return true;
  }

  /** Sends FIN, once. */
  void sendFin() {
    if (resetReason.get() != null || finSent || sessionEndReason != null) {
      return;
    }
    finSent = true;
    session.writeControl(YamuxFrame.Type.DATA, YamuxFrame.FLAG_FIN, stream.id(), 0);
    removeIfDone();
  }

  /** A reset decided here on the event loop: tell the remote, then let go. */
  void resetHere(String reason) {
    if (markReset(reason)) {
      afterReset(true);
    }
  }

  private void afterReset(boolean tellRemote) {
    // Once both sides sent FIN (or the session ended) the remote has forgotten the stream.
    // RST rides on an empty data frame, which the spec allows as well as a window update:
    // py-libp2p (yamux.py, handle_incoming) honours RST only on data frames and would take a
    // WINDOW_UPDATE|RST for a window update of 0, leaving its reader waiting without a timeout.
    // Not "!removed": reset() marks the stream before this runs on the event loop, and any
    // removeIfDone() in between (a FIN or a read's window update) removes it already; the remote
    // must still learn of the reset, or a reader there waits for an answer that never comes.
    if (tellRemote && sessionEndReason == null && !(finSent && remoteFin)) {
      session.writeControl(YamuxFrame.Type.DATA, YamuxFrame.FLAG_RST, stream.id(), 0);
    }
    discardInbound();
    removeIfDone();
  }

  /** Releases queued data and every byte charged; later data is refused. */
  private void discardInbound() {
    receiver.discard();
    removeIfDone();
  }

  /** Leaves the session once both sides are done; buffered data stays readable until close. */
  private void removeIfDone() {
    if (!removed && (resetReason.get() != null || (finSent && remoteFin))) {
      removed = true;
      boolean wasUnacked = stream.direction() == Direction.OUTBOUND && !acked;
      acked = true;
      receiver.releaseWindow(); // no window is granted any more
      receiver.watchUnread();
      session.remove(stream, wasUnacked);
    }
  }
}
