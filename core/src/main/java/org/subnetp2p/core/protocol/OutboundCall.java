package org.subnetp2p.core.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.framing.MessageFraming;

/**
 * One outbound request: dial, negotiate, send, await the response, each phase bounded by the call's
 * single deadline. It runs on its own virtual thread; a timer fails it at the deadline whatever the
 * thread is blocked on.
 *
 * <p>The call owns its deadline and nothing else: the connection future it waits on may be shared
 * with other callers (concurrent dials to one peer share one attempt), so giving up never cancels
 * it. The stream it opens is its own: if the stream arrives after the call gave up, it is reset.
 * Neither the timer nor the caller touches a stream on their own thread (a reset may wait for the
 * stream's lock); resets they cause run on a virtual thread.
 */
final class OutboundCall<Resp extends MessageLite> {
  private final Host host;
  private final @Nullable Multiaddr
      address; // null: find the peer through the host (open connection, lookup)
  private final PeerId peer;
  private final String protocolId;
  private final byte[] framedRequest;
  private final Parser<Resp> responseParser;
  private final int maxMessageSize;
  private final Duration timeout;
  private final ProtocolMeters metrics;

  private final CompletableFuture<Resp> result = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private volatile CallPhase phase = CallPhase.DIALING;
  private volatile @Nullable Stream stream;
  private volatile @Nullable Thread worker;

  OutboundCall(
      Host host,
      @Nullable Multiaddr address,
      PeerId peer,
      String protocolId,
      byte[] framedRequest,
      Parser<Resp> responseParser,
      int maxMessageSize,
      Duration timeout,
      ProtocolMeters metrics) {
    this.host = host;
    this.address = address;
    this.peer = peer;
    this.protocolId = protocolId;
    this.framedRequest = framedRequest;
    this.responseParser = responseParser;
    this.maxMessageSize = maxMessageSize;
    this.timeout = timeout;
    this.metrics = metrics;
    this.deadlineNanos = startNanos + timeout.toNanos();
  }

  CompletableFuture<Resp> start() {
    Deadlines.Deadline timer = Deadlines.after(timeout.toNanos(), this::expire);
    result.whenComplete(
        (r, e) -> {
          timer.cancel();
          if (e instanceof CancellationException && finished.compareAndSet(false, true)) {
            // The caller cancelled the returned future: stop working for it.
            metrics.recordCall(CallOutcome.OTHER, System.nanoTime() - startNanos);
            abandon();
          }
        });
    worker = Thread.ofVirtual().name("call " + protocolId + " to " + peer).start(this::run);
    return result;
  }

  private void run() {
    if (finished.get()) {
      return; // cancelled before it started
    }
    Stream s = null;
    try {
      Connection connection =
          awaitShared(address != null ? host.connect(address) : host.connect(peer));
      phase = CallPhase.NEGOTIATING;
      // Optimistic: the proposal leaves with the request; the answer is checked on the first read.
      s = awaitOwnStream(connection.newStreamOptimistic(protocolId));
      stream = s;
      if (finished.get()) { // the deadline passed, or the caller cancelled, while it opened
        s.reset();
        return;
      }
      Instant deadline = Instant.now().plusNanos(deadlineNanos - System.nanoTime());
      phase = CallPhase.SENDING;
      s.setWriteDeadline(deadline);
      s.write(framedRequest);
      s.closeWrite();

      phase = CallPhase.AWAITING_RESPONSE;
      s.setReadDeadline(deadline);
      byte[] body = MessageFraming.read(s, maxMessageSize, "response");
      if (body == null) {
        throw new RemoteResetException(
            "peer " + peer + " closed the stream on " + protocolId + " without responding", null);
      }
      Resp response = decode(body);
      phase = CallPhase.DONE;
      s.close();
      finish(response, null);
    } catch (Throwable t) {
      if (s != null) {
        s.reset();
      }
      finish(null, classify(t));
      if (t instanceof VirtualMachineError e) {
        throw e;
      }
    }
  }

  /** Waits for a future other callers may share: giving up leaves it alone. */
  private <T> T awaitShared(CompletableFuture<T> future) throws Exception {
    return await(future);
  }

  /** Waits for this call's own stream: one that arrives after we gave up is reset. */
  private Stream awaitOwnStream(CompletableFuture<Stream> future) throws Exception {
    try {
      return await(future);
    } catch (Exception e) {
      future.thenAccept(Stream::reset);
      throw e;
    }
  }

  private <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      throw timeout();
    }
  }

  private Resp decode(byte[] body) throws UndecodableMessageException {
    try {
      return responseParser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new UndecodableMessageException(
          "response from " + peer + " on " + protocolId + " is not a valid message: " + e, e);
    }
  }

  /** The deadline passed: fail the call now, whatever its thread is blocked on. */
  private void expire() {
    if (finish(null, timeout())) {
      abandon();
    }
  }

  /** Stops the worker and resets the stream, without blocking the calling thread. */
  private void abandon() {
    Thread w = worker;
    if (w != null) {
      w.interrupt();
    }
    Stream s = stream;
    if (s != null) {
      Thread.ofVirtual().start(s::reset);
    }
  }

  private RequestTimeoutException timeout() {
    return new RequestTimeoutException(target(), phase, timeout);
  }

  private String target() {
    return (address != null ? address.toString() : peer.toString()) + " on " + protocolId;
  }

  /** Maps whatever went wrong to the typed error the caller sees: always a P2PException. */
  private P2PException classify(Throwable t) {
    if (t instanceof RemoteResetException e) {
      return e;
    }
    if (t instanceof StreamResetException e) {
      return new RemoteResetException(
          "peer " + peer + " reset the stream on " + protocolId + " while " + phase.description(),
          e);
    }
    if (t instanceof P2PException e) {
      return e; // DialException and its subtypes, ProtocolNotSupportedException, ... unchanged
    }
    if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
      return timeout();
    }
    String why = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    if (phase == CallPhase.DIALING) {
      return new DialException("cannot connect to " + target() + ": " + why, t);
    }
    if (t instanceof IOException) {
      return new P2PException(
          "call to " + target() + " failed while " + phase.description() + ": " + why, t);
    }
    return new P2PException(
        "call to " + target() + " failed while " + phase.description() + ": " + t, t);
  }

  /**
   * Completes the call once, recording its outcome before the caller can see it; false if it had
   * already completed.
   */
  private boolean finish(@Nullable Resp response, @Nullable Throwable error) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    metrics.recordCall(outcomeOf(error), System.nanoTime() - startNanos);
    if (error == null) {
      result.complete(response);
    } else {
      result.completeExceptionally(error);
    }
    return true;
  }

  static CallOutcome outcomeOf(@Nullable Throwable error) {
    if (error == null) {
      return CallOutcome.OK;
    }
    return switch (error) {
      case DialException e -> CallOutcome.DIAL_FAILED;
      case ProtocolNotSupportedException e -> CallOutcome.NOT_SUPPORTED;
      case StreamResetException e -> CallOutcome.RESET;
      case RequestTimeoutException e -> CallOutcome.TIMEOUT;
      case MessageTooLargeException e -> CallOutcome.TOO_LARGE;
      case UndecodableMessageException e -> CallOutcome.UNDECODABLE;
      default -> CallOutcome.OTHER;
    };
  }
}
