package org.subnetp2p.core.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.DialException;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.ProtocolMetrics.CallOutcome;

/**
 * One outbound request: dial, negotiate, send, await the response, each phase bounded by the call's
 * single deadline. It runs on its own virtual thread; a timer fails it at the deadline whatever the
 * thread is blocked on, resetting the stream so the remote stops working for us.
 */
final class OutboundCall<Resp extends MessageLite> {
  private final Host host;
  private final Multiaddr address; // null: find the peer through the host's address book
  private final PeerId peer;
  private final String protocolId;
  private final byte[] framedRequest;
  private final Parser<Resp> responseParser;
  private final RequestResponseOptions options;
  private final ProtocolMetrics metrics;

  private final CompletableFuture<Resp> result = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private volatile CallPhase phase = CallPhase.DIALING;
  private volatile Stream stream;
  private volatile Thread worker;

  OutboundCall(
      Host host,
      Multiaddr address,
      PeerId peer,
      String protocolId,
      byte[] framedRequest,
      Parser<Resp> responseParser,
      RequestResponseOptions options,
      ProtocolMetrics metrics) {
    this.host = host;
    this.address = address;
    this.peer = peer;
    this.protocolId = protocolId;
    this.framedRequest = framedRequest;
    this.responseParser = responseParser;
    this.options = options;
    this.metrics = metrics;
    this.deadlineNanos = startNanos + options.callTimeout().toNanos();
  }

  CompletableFuture<Resp> start() {
    ScheduledFuture<?> timer = Deadlines.after(options.callTimeout().toNanos(), this::expire);
    result.whenComplete((r, e) -> timer.cancel(false));
    worker = Thread.ofVirtual().name("call " + protocolId + " to " + peer).start(this::run);
    return result;
  }

  private void run() {
    Stream s = null;
    try {
      Connection connection = await(address != null ? host.connect(address) : host.connect(peer));
      phase = CallPhase.NEGOTIATING;
      // Optimistic: the proposal leaves with the request; the answer is checked on the first read.
      s = await(connection.newStreamOptimistic(protocolId));
      stream = s;
      if (finished.get()) { // the deadline passed while the stream was being opened
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
      byte[] body = MessageFraming.read(s, options.maxMessageSize(), "response");
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
    }
  }

  private <T> T await(Future<T> future) throws Exception {
    try {
      return future.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      future.cancel(true);
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

  private void expire() {
    if (finish(null, timeout())) {
      Stream s = stream;
      if (s != null) {
        s.reset();
      }
      Thread w = worker;
      if (w != null) {
        w.interrupt();
      }
    }
  }

  private RequestTimeoutException timeout() {
    return new RequestTimeoutException(target(), phase, options.callTimeout());
  }

  private String target() {
    return (address != null ? address.toString() : peer.toString()) + " on " + protocolId;
  }

  /** Maps whatever went wrong to the typed error the caller sees. */
  private Throwable classify(Throwable t) {
    if (t instanceof P2PException && !(t instanceof StreamResetException)) {
      return t;
    }
    if (t instanceof RemoteResetException) {
      return t;
    }
    if (t instanceof StreamResetException) {
      return new RemoteResetException(
          "peer " + peer + " reset the stream on " + protocolId + " while " + phase.description(),
          t);
    }
    if (t instanceof SocketTimeoutException
        || t instanceof TimeoutException
        || t instanceof InterruptedException) {
      return timeout();
    }
    if (t instanceof IOException) {
      return new P2PException(
          "call to " + target() + " failed while " + phase.description() + ": " + t.getMessage(),
          t);
    }
    return t;
  }

  /**
   * Completes the call once, recording its outcome before the caller can see it; false if it had
   * already completed.
   */
  private boolean finish(Resp response, Throwable error) {
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

  private static CallOutcome outcomeOf(Throwable error) {
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
