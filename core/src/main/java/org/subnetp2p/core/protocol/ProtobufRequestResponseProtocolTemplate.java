package org.subnetp2p.core.protocol;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.P2PException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.framing.MessageFraming;

/**
 * A request/response protocol with protobuf messages: one request and one response per stream, each
 * an unsigned-varint length followed by the protobuf bytes, wire-compatible with the Python subnet
 * template.
 *
 * <p>Subclass it with your message types, implement {@link #handleRequest}, and create it with
 * {@link #serve(Host, java.util.function.Function) serve} (see {@link ProtocolBase} for why):
 *
 * <pre>{@code
 * public final class TaskProtocol
 *     extends ProtobufRequestResponseProtocolTemplate<TaskRequest, TaskResponse> {
 *   public static TaskProtocol serve(Host host) {
 *     return serve(host, TaskProtocol::new);
 *   }
 *
 *   private TaskProtocol(Setup setup) {
 *     super(setup, "/subnet/task_protocol/1.0.0", TaskRequest.parser(), TaskResponse.parser(), LOG);
 *   }
 *
 *   protected TaskResponse handleRequest(IncomingRequestContext ctx, TaskRequest req) { ... }
 * }
 * }</pre>
 *
 * <h2>Calling</h2>
 *
 * <p>{@code callRemote(target, request)} and {@code callRemote(target, request, CallOptions)},
 * where the target is a {@link Multiaddr} ending in {@code /p2p/<peer id>} ({@code /ipfs/} is read
 * as {@code /p2p/}) or a {@link PeerId}. An open connection to the peer is reused. A {@code PeerId}
 * is resolved by {@link Host#connect(PeerId)}: an open connection, else the addresses the host can
 * find for the peer; its {@link org.subnetp2p.core.host.DialException} (and subtypes) reach the
 * caller unchanged.
 *
 * <p>{@code callRemote} never throws. Every failure, including an invalid argument, arrives through
 * the returned future as a {@link P2PException}: {@link org.subnetp2p.core.host.DialException},
 * {@link org.subnetp2p.core.host.ProtocolNotSupportedException}, {@link RemoteResetException},
 * {@link RequestTimeoutException}, {@link MessageTooLargeException}, {@link
 * UndecodableMessageException}, {@link InvalidCallException}. Cancelling the future abandons the
 * call and resets its stream.
 *
 * <h2>Serving</h2>
 *
 * <p>Inbound requests are served on a virtual thread each, within limits ({@link
 * RequestResponseOptions}): the request is read within a deadline and refused by size before
 * anything is allocated; beyond the concurrency limits it waits for a slot in a bounded queue,
 * peers taking turns; the whole request, handler included, is bounded by its deadline.
 *
 * <h2>Metrics</h2>
 *
 * <p>Recorded in the host's {@link Host#meterRegistry() registry}, labelled with the protocol id:
 * {@code subnet.protocol.call.duration} (outcome: {@link CallOutcome}) and {@code
 * subnet.protocol.inbound.duration} (outcome: {@link InboundOutcome}) latency histograms, {@code
 * subnet.protocol.inbound.waited} (requests that waited for a slot), and the gauges {@code
 * subnet.protocol.inbound.active} and {@code subnet.protocol.inbound.queued} ({@link
 * ProtocolMeterNames} holds these names and labels).
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public abstract class ProtobufRequestResponseProtocolTemplate<
        Req extends MessageLite, Resp extends MessageLite>
    extends ProtocolBase<Req, Resp> {

  private final Parser<Req> requestParser;
  private final Parser<Resp> responseParser;
  private final RequestResponseOptions options;
  private final ProtocolMeters metrics;
  private final InboundScheduler scheduler;

  /** A protocol with {@link RequestResponseOptions#DEFAULTS}. */
  protected ProtobufRequestResponseProtocolTemplate(
      Setup setup,
      String protocolId,
      Parser<Req> requestParser,
      Parser<Resp> responseParser,
      Logger log) {
    this(setup, protocolId, requestParser, responseParser, log, RequestResponseOptions.DEFAULTS);
  }

  /** A protocol with the given limits. */
  protected ProtobufRequestResponseProtocolTemplate(
      Setup setup,
      String protocolId,
      Parser<Req> requestParser,
      Parser<Resp> responseParser,
      Logger log,
      RequestResponseOptions options) {
    super(setup, protocolId, log);
    this.requestParser = Objects.requireNonNull(requestParser, "requestParser");
    this.responseParser = Objects.requireNonNull(responseParser, "responseParser");
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = new ProtocolMeters(setup.host().meterRegistry(), protocolId);
    this.scheduler =
        new InboundScheduler(
            options.maxConcurrentInbound(),
            options.maxConcurrentInboundPerPeer(),
            options.maxQueuedInbound(),
            options.maxQueuedInboundPerPeer(),
            metrics::recordInboundWait);
    metrics.watch(scheduler, protocolId);
  }

  /**
   * Serves one request. Runs on its own virtual thread, so it may block; it is interrupted if it is
   * still running at {@link IncomingRequestContext#deadline()}. Throwing resets the stream: the
   * caller fails at once with {@link RemoteResetException}. To report a business failure to the
   * caller, return a response that says so instead.
   */
  protected abstract Resp handleRequest(IncomingRequestContext context, Req request)
      throws Exception;

  /**
   * Sends {@code request} to the peer at {@code target}, which ends in {@code /p2p/<peer id>},
   * within the protocol's {@link RequestResponseOptions#callTimeout() call timeout}.
   *
   * @return the response, or a failure as described in the class documentation; never throws
   */
  public final CompletableFuture<Resp> callRemote(Multiaddr target, Req request) {
    return start(target, null, request, options.callTimeout());
  }

  /** Like {@link #callRemote(Multiaddr, MessageLite)}, with this call's own {@code options}. */
  public final CompletableFuture<Resp> callRemote(
      Multiaddr target, Req request, CallOptions options) {
    if (options == null) {
      return invalid("callOptions is null");
    }
    return start(target, null, request, options.timeout());
  }

  /**
   * Sends {@code request} to {@code target} over an open connection, or at an address the host
   * finds for it ({@link Host#connect(PeerId)}), within the protocol's call timeout.
   *
   * @return the response, or a failure as described in the class documentation; never throws
   */
  public final CompletableFuture<Resp> callRemote(PeerId target, Req request) {
    return start(null, target, request, options.callTimeout());
  }

  /** Like {@link #callRemote(PeerId, MessageLite)}, with this call's own {@code options}. */
  public final CompletableFuture<Resp> callRemote(PeerId target, Req request, CallOptions options) {
    if (options == null) {
      return invalid("callOptions is null");
    }
    return start(null, target, request, options.timeout());
  }

  private CompletableFuture<Resp> start(
      @Nullable Multiaddr address, @Nullable PeerId peer, Req request, Duration timeout) {
    if (address == null && peer == null) {
      return invalid("target is null");
    }
    if (request == null) {
      return invalid("request is null");
    }
    try {
      if (address != null) {
        Optional<PeerId> named = address.peerId();
        if (named.isEmpty()) {
          return invalid(
              "cannot call "
                  + address
                  + ": it has no /p2p/<peer id>, so the peer cannot be authenticated; append it,"
                  + " or call by PeerId");
        }
        peer = named.get();
      }
      byte[] framed;
      try {
        framed = MessageFraming.frame(request, options.maxMessageSize(), "request");
      } catch (MessageTooLargeException e) {
        metrics.recordCall(CallOutcome.TOO_LARGE, 0);
        return CompletableFuture.failedFuture(e);
      }
      return new OutboundCall<>(
              host(),
              address,
              Objects.requireNonNull(peer, "peer"), // named by the address, or given
              protocolId(),
              framed,
              responseParser,
              options.maxMessageSize(),
              timeout,
              metrics)
          .start();
    } catch (RuntimeException e) {
      metrics.recordCall(CallOutcome.OTHER, 0);
      return CompletableFuture.failedFuture(
          new P2PException("call on " + protocolId() + " could not start: " + e, e));
    }
  }

  private CompletableFuture<Resp> invalid(String reason) {
    metrics.recordCall(CallOutcome.OTHER, 0);
    return CompletableFuture.failedFuture(new InvalidCallException(reason));
  }

  @Override
  protected final void serveStream(Stream stream) {
    new InboundExchange<>(
            stream, requestParser, this::handleRequest, options, scheduler, metrics, log)
        .run();
  }

  /** The limits in force. */
  public final RequestResponseOptions options() {
    return options;
  }

  /** Inbound requests being served right now. */
  public final int inboundInFlight() {
    return scheduler.active();
  }

  /** Inbound requests waiting for a slot right now. */
  public final int inboundQueued() {
    return scheduler.queued();
  }

  /** Stops serving, and removes this protocol's gauges from the host's registry. */
  @Override
  public void close() {
    super.close();
    metrics.close();
  }
}
