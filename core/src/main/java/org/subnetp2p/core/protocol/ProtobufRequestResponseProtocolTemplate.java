package org.subnetp2p.core.protocol;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A request/response protocol with protobuf messages: one request and one response per stream, each
 * an unsigned-varint length followed by the protobuf bytes, wire-compatible with the Python subnet
 * template.
 *
 * <p>Subclass it with your message types, implement {@link #handleRequest}, and add a typed {@code
 * callRemote} for your callers:
 *
 * <pre>{@code
 * public final class TaskProtocol
 *     extends ProtobufRequestResponseProtocolTemplate<TaskRequest, TaskResponse> {
 *   public TaskProtocol(Host host) {
 *     super(host, "/subnet/task_protocol/1.0.0", TaskRequest.parser(), TaskResponse.parser(), LOG);
 *   }
 *
 *   protected TaskResponse handleRequest(IncomingRequestContext ctx, TaskRequest req) { ... }
 * }
 * }</pre>
 *
 * <p>What the template guarantees: the handler is registered when the object is constructed; every
 * call has a deadline and completes with a response or one of the typed errors ({@link
 * org.subnetp2p.core.host.DialException}, {@link
 * org.subnetp2p.core.host.ProtocolNotSupportedException}, {@link RemoteResetException}, {@link
 * RequestTimeoutException}, {@link MessageTooLargeException}, {@link UndecodableMessageException});
 * inbound requests are read within a deadline, refused by size before allocation, limited in
 * concurrency, and handled on a virtual thread.
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
  private final InboundLimiter limiter;
  private final ProtocolMetrics metrics = new ProtocolMetrics();

  /** A protocol with {@link RequestResponseOptions#DEFAULTS}. */
  protected ProtobufRequestResponseProtocolTemplate(
      Host host,
      String protocolId,
      Parser<Req> requestParser,
      Parser<Resp> responseParser,
      Logger log) {
    this(host, protocolId, requestParser, responseParser, log, RequestResponseOptions.DEFAULTS);
  }

  /** A protocol with the given limits. */
  protected ProtobufRequestResponseProtocolTemplate(
      Host host,
      String protocolId,
      Parser<Req> requestParser,
      Parser<Resp> responseParser,
      Logger log,
      RequestResponseOptions options) {
    super(host, protocolId, log);
    this.requestParser = Objects.requireNonNull(requestParser, "requestParser");
    this.responseParser = Objects.requireNonNull(responseParser, "responseParser");
    this.options = Objects.requireNonNull(options, "options");
    this.limiter =
        new InboundLimiter(options.maxConcurrentInbound(), options.maxConcurrentInboundPerPeer());
  }

  /**
   * Serves one request. Runs on its own virtual thread, so it may block. Throwing resets the
   * stream: the caller fails at once with {@link RemoteResetException}. To report a business
   * failure to the caller, return a response that says so instead.
   */
  protected abstract Resp handleRequest(IncomingRequestContext context, Req request)
      throws Exception;

  /**
   * Calls the peer at {@code destination}, which must end in {@code /p2p/<peer id>} ({@code /ipfs/}
   * is read as {@code /p2p/}). An open connection to that peer is reused.
   *
   * @throws IllegalArgumentException if {@code destination} has no peer id; use {@link
   *     #callRemote(Multiaddr, PeerId, MessageLite)}
   */
  @Override
  public CompletableFuture<Resp> callRemote(Multiaddr destination, Req request) {
    PeerId peer =
        destination
            .peerId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        destination
                            + " has no /p2p/<peer id>: append it, or pass the peer id with"
                            + " callRemote(address, peerId, request)"));
    return call(destination, peer, request);
  }

  /** Like {@link #callRemote(Multiaddr, MessageLite)}, parsing {@code destination} first. */
  public CompletableFuture<Resp> callRemote(String destination, Req request) {
    return callRemote(Multiaddr.parse(destination), request);
  }

  /**
   * Calls {@code peer} at {@code address}, an address with or without {@code /p2p/}; if it has one
   * it must name {@code peer}.
   */
  public CompletableFuture<Resp> callRemote(Multiaddr address, PeerId peer, Req request) {
    return call(address.withPeerId(peer), peer, request);
  }

  /**
   * Calls {@code peer} over an open connection, or at an address from the host's address book
   * (which discovery feeds).
   */
  public CompletableFuture<Resp> callRemote(PeerId peer, Req request) {
    return call(null, Objects.requireNonNull(peer, "peer"), request);
  }

  private CompletableFuture<Resp> call(Multiaddr address, PeerId peer, Req request) {
    Objects.requireNonNull(request, "request");
    byte[] framed;
    try {
      framed = MessageFraming.frame(request, options.maxMessageSize(), "request");
    } catch (MessageTooLargeException e) {
      metrics.recordCall(ProtocolMetrics.CallOutcome.TOO_LARGE, 0);
      return CompletableFuture.failedFuture(e);
    }
    return new OutboundCall<>(
            host(), address, peer, protocolId(), framed, responseParser, options, metrics)
        .start();
  }

  @Override
  protected final void serveStream(Stream stream) {
    new InboundExchange<>(
            stream, requestParser, this::handleRequest, options, limiter, metrics, log)
        .run();
  }

  /** The limits in force. */
  public final RequestResponseOptions options() {
    return options;
  }

  /** Counters and latencies of this protocol's calls and requests. */
  public final ProtocolMetrics metrics() {
    return metrics;
  }

  /** Inbound requests being served right now. */
  public final int inboundInFlight() {
    return limiter.inFlight();
  }
}
