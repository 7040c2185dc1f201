package org.subnetp2p.core.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.protocol.ProtocolMetrics.InboundOutcome;

/**
 * Serves one inbound request on its stream: read it within the read deadline, hand it to the
 * business handler, write the response, close. Any failure resets the stream, so the caller learns
 * at once instead of waiting for its deadline.
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
  private final InboundLimiter limiter;
  private final ProtocolMetrics metrics;
  private final Logger log;
  private boolean released;

  InboundExchange(
      Stream stream,
      Parser<Req> requestParser,
      Handler<Req, Resp> handler,
      RequestResponseOptions options,
      InboundLimiter limiter,
      ProtocolMetrics metrics,
      Logger log) {
    this.stream = stream;
    this.requestParser = requestParser;
    this.handler = handler;
    this.options = options;
    this.limiter = limiter;
    this.metrics = metrics;
    this.log = log;
  }

  void run() {
    PeerId peer = stream.remotePeer();
    if (!limiter.tryAcquire(peer)) {
      metrics.recordInbound(InboundOutcome.OVER_LIMIT);
      log.debug("{}: refusing request from {}: over the concurrency limit", protocol(), peer);
      stream.reset();
      return;
    }
    serve(peer);
  }

  /**
   * Ends the exchange: frees the concurrency slot and records the outcome before the stream is
   * reset or closed, so that whatever the caller observes next is already accounted for.
   */
  private InboundOutcome end(PeerId peer, InboundOutcome outcome, boolean reset) {
    release(peer);
    metrics.recordInbound(outcome);
    if (reset) {
      stream.reset();
    } else {
      stream.close();
    }
    return outcome;
  }

  /** Frees the concurrency slot once, however the exchange ends. */
  private void release(PeerId peer) {
    if (!released) {
      released = true;
      limiter.release(peer);
    }
  }

  private InboundOutcome serve(PeerId peer) {
    Req request;
    try {
      stream.setReadDeadline(Instant.now().plus(options.inboundReadTimeout()));
      byte[] body = MessageFraming.read(stream, options.maxMessageSize(), "request");
      if (body == null) {
        log.debug("{}: {} closed the stream without a request", protocol(), peer);
        return end(peer, InboundOutcome.OTHER, false);
      }
      request = requestParser.parseFrom(body);
    } catch (MessageTooLargeException e) {
      return refuse(InboundOutcome.TOO_LARGE, peer, e);
    } catch (UndecodableMessageException | InvalidProtocolBufferException e) {
      return refuse(InboundOutcome.UNDECODABLE, peer, e);
    } catch (SocketTimeoutException e) {
      return refuse(InboundOutcome.TIMEOUT, peer, e);
    } catch (IOException e) {
      return refuse(InboundOutcome.OTHER, peer, e);
    }

    Resp response;
    try {
      response = handler.handle(IncomingRequestContext.of(stream), request);
      if (response == null) {
        throw new NullPointerException("handleRequest returned null");
      }
    } catch (Exception e) {
      log.warn(
          "{}: handler failed for a request from {}; resetting the stream", protocol(), peer, e);
      return end(peer, InboundOutcome.HANDLER_FAILED, true);
    }

    try {
      byte[] framed = MessageFraming.frame(response, options.maxMessageSize(), "response");
      stream.setWriteDeadline(Instant.now().plus(options.inboundReadTimeout()));
      // The slot guards the handler's work, which is done: free it before the caller can answer.
      release(peer);
      stream.write(framed);
      return end(peer, InboundOutcome.OK, false);
    } catch (MessageTooLargeException e) {
      log.warn("{}: not sending to {}: {}", protocol(), peer, e.getMessage());
      return end(peer, InboundOutcome.TOO_LARGE, true);
    } catch (IOException e) {
      return refuse(InboundOutcome.OTHER, peer, e);
    }
  }

  private InboundOutcome refuse(InboundOutcome outcome, PeerId peer, Exception e) {
    log.info("{}: dropping request from {}: {}", protocol(), peer, e.getMessage());
    return end(peer, outcome, true);
  }

  private String protocol() {
    return stream.protocol();
  }
}
