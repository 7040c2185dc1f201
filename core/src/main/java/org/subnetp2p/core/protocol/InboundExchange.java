package org.subnetp2p.core.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.protocol.InboundScheduler.Admission;
import org.subnetp2p.core.protocol.framing.MessageFraming;

/**
 * Serves one inbound request on its stream: wait for a slot, read the request within the read
 * deadline, hand it to the business handler, write the response, close. Every failure resets the
 * stream, so the caller learns at once instead of waiting for its own deadline; the whole exchange
 * is bounded by the request's deadline.
 *
 * <p>Runs on the virtual thread the host started for the stream. Each request is logged at DEBUG
 * only: at INFO, a busy node would spend its time writing logs.
 */
final class InboundExchange<Req extends MessageLite, Resp extends MessageLite> {

  /** The business logic: a request in, a response out; never sees bytes. */
  @FunctionalInterface
  interface Handler<Req, Resp> {
    Resp handle(IncomingRequestContext context, Req request) throws Exception;
  }

  private final Stream stream;
  private final Parser<Req> requestParser;
  private final Handler<Req, Resp> handler;
  private final RequestResponseOptions options;
  private final InboundScheduler scheduler;
  private final ProtocolMeters metrics;
  private final Logger log;
  private final PeerId peer;
  private final long arrivalNanos = System.nanoTime();
  private final long deadlineNanos;
  private boolean holdsSlot;

  InboundExchange(
      Stream stream,
      Parser<Req> requestParser,
      Handler<Req, Resp> handler,
      RequestResponseOptions options,
      InboundScheduler scheduler,
      ProtocolMeters metrics,
      Logger log) {
    this.stream = stream;
    this.requestParser = requestParser;
    this.handler = handler;
    this.options = options;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.log = log;
    this.peer = stream.remotePeer();
    this.deadlineNanos = arrivalNanos + options.inboundTimeout().toNanos();
  }

  void run() {
    Admission admission;
    try {
      admission = scheduler.acquire(peer, deadlineNanos, stream::isClosed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(InboundOutcome.OTHER, true, "interrupted while waiting for a slot");
      return;
    }
    switch (admission) {
      case ADMITTED -> {
        holdsSlot = true;
        try {
          serve();
        } finally {
          releaseSlot(); // also when the handler threw an Error
        }
      }
      case QUEUE_FULL -> end(InboundOutcome.OVER_LIMIT, true, "over the limits and queue full");
      case TIMED_OUT -> end(InboundOutcome.TIMEOUT, true, "deadline passed waiting for a slot");
      case ABANDONED -> end(InboundOutcome.OTHER, true, "caller gave up while it waited");
    }
  }

  private void serve() {
    Req request = readRequest();
    if (request == null) {
      return;
    }
    Resp response = runHandler(request);
    if (response != null) {
      respond(response);
    }
  }

  /** The request, or {@code null} once the exchange has ended. */
  private @Nullable Req readRequest() {
    try {
      long readDeadline =
          Math.min(System.nanoTime() + options.inboundReadTimeout().toNanos(), deadlineNanos);
      stream.setReadDeadline(instantOf(readDeadline));
      byte[] body = MessageFraming.read(stream, options.maxMessageSize(), "request");
      if (body == null) {
        end(InboundOutcome.OTHER, false, "stream closed without a request");
        return null;
      }
      return requestParser.parseFrom(body);
    } catch (MessageTooLargeException e) {
      end(InboundOutcome.TOO_LARGE, true, e.getMessage());
    } catch (UndecodableMessageException | InvalidProtocolBufferException e) {
      end(InboundOutcome.UNDECODABLE, true, e.getMessage());
    } catch (SocketTimeoutException e) {
      end(InboundOutcome.TIMEOUT, true, "request not read in time");
    } catch (IOException e) {
      end(InboundOutcome.OTHER, true, e.toString());
    }
    return null;
  }

  /** The handler's response, or {@code null} once the exchange has ended. */
  private @Nullable Resp runHandler(Req request) {
    HandlerDeadline deadline = new HandlerDeadline(Thread.currentThread());
    Resp response;
    try {
      response = handler.handle(context(), request);
      if (response == null) {
        throw new NullPointerException("handleRequest returned null");
      }
    } catch (Exception | Error e) {
      if (!deadline.returnedInTime()) {
        end(InboundOutcome.TIMEOUT, true, "handler still running at the request's deadline");
        return null;
      }
      log.warn(
          "{}: handler failed for a request from {}; resetting the stream",
          stream.protocol(),
          peer,
          e);
      end(InboundOutcome.HANDLER_FAILED, true, "handler failed");
      if (e instanceof Error error) {
        throw error;
      }
      return null;
    }
    if (!deadline.returnedInTime()) {
      end(InboundOutcome.TIMEOUT, true, "handler still running at the request's deadline");
      return null;
    }
    return response;
  }

  private void respond(Resp response) {
    try {
      byte[] framed = MessageFraming.frame(response, options.maxMessageSize(), "response");
      stream.setWriteDeadline(instantOf(deadlineNanos));
      // The slot guards the handler's work, which is done: free it before the caller can answer.
      releaseSlot();
      stream.write(framed);
      end(InboundOutcome.OK, false, null);
    } catch (MessageTooLargeException e) {
      log.warn("{}: not sending to {}: {}", stream.protocol(), peer, e.getMessage());
      end(InboundOutcome.TOO_LARGE, true, null);
    } catch (InterruptedIOException e) {
      end(InboundOutcome.TIMEOUT, true, "response not written in time");
    } catch (IOException e) {
      end(InboundOutcome.OTHER, true, e.toString());
    }
  }

  /**
   * The request's deadline while the handler runs: past it, the handler's thread is interrupted and
   * the caller learns at once (its stream is reset). The timer and the serving thread decide under
   * a short lock, so an interrupt meant for the handler never leaks into what follows it.
   */
  private final class HandlerDeadline {
    private final Thread serving;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deadlines.Deadline timer;
    private boolean running = true;
    private boolean expired;

    HandlerDeadline(Thread serving) {
      this.serving = serving;
      this.timer = Deadlines.after(deadlineNanos - System.nanoTime(), this::expire);
    }

    private void expire() {
      lock.lock();
      try {
        if (!running) {
          return;
        }
        running = false;
        expired = true;
        serving.interrupt();
      } finally {
        lock.unlock();
      }
      // Never touch the stream from the shared timer thread: a reset may wait for its lock.
      Thread.ofVirtual().start(stream::reset);
    }

    /**
     * Ends the handler phase: true if the handler returned before its deadline. Judged by the clock
     * too, not by the timer alone: the shared timer may run late on a loaded machine, and a handler
     * returning after its deadline must not answer (the request's other timers, e.g. of a request
     * queued behind it, may already have fired, and the caller was told the slot's holder was out
     * of time).
     */
    boolean returnedInTime() {
      timer.cancel();
      lock.lock();
      try {
        running = false;
        if (expired) {
          Thread.interrupted(); // the interrupt was for the handler, not for what follows
        }
        // The clock decides, not the timer: on a loaded machine the timer can run late, and a
        // handler that returned after the deadline must not answer a caller told it timed out.
        return !expired && System.nanoTime() - deadlineNanos < 0;
      } finally {
        lock.unlock();
      }
    }
  }

  private IncomingRequestContext context() {
    Connection c = stream.connection();
    return new IncomingRequestContext(
        peer, stream.protocol(), c.remoteAddress(), c.direction(), instantOf(deadlineNanos));
  }

  /**
   * Ends the exchange: frees the slot and records the outcome before the stream is reset or closed,
   * so that whatever the caller observes next is already accounted for.
   */
  private void end(InboundOutcome outcome, boolean reset, @Nullable String why) {
    releaseSlot();
    metrics.recordInbound(outcome, System.nanoTime() - arrivalNanos);
    if (why != null && log.isDebugEnabled()) {
      log.debug("{}: request from {} ended {}: {}", stream.protocol(), peer, outcome, why);
    }
    if (reset) {
      stream.reset();
    } else {
      stream.close();
    }
  }

  /** Frees the slot once, however the exchange ends. */
  private void releaseSlot() {
    if (holdsSlot) {
      holdsSlot = false;
      scheduler.release(peer);
    }
  }

  private static Instant instantOf(long nanoTime) {
    return Instant.now().plusNanos(nanoTime - System.nanoTime());
  }
}
