package org.subnetp2p.core.protocol;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The base of every protocol a subnet defines: it owns a protocol id on a host and serves the
 * inbound streams of that protocol from the moment it is constructed.
 *
 * <p>Most protocols extend {@link ProtobufRequestResponseProtocolTemplate} instead, which adds the
 * request/response exchange; extend this class directly for another stream discipline.
 *
 * @param <Req> the request type callers send
 * @param <Resp> the response type callers receive
 */
public abstract class ProtocolBase<Req, Resp> implements AutoCloseable {
  /** How long an inbound stream waits for a subclass constructor still running. */
  private static final long CONSTRUCTION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** The logger given by the subclass, named after the protocol. */
  protected final Logger log;

  private final Host host;
  private final String protocolId;
  private final ConstructionGate constructed;

  /**
   * Registers this protocol's stream handler on {@code host}. Streams that arrive before the
   * subclass constructor has finished wait for it.
   *
   * @param protocolId the protocol id negotiated on each stream, e.g. {@code
   *     /subnet/task_protocol/1.0.0}
   */
  @SuppressWarnings("this-escape") // deliberate: the construction gate covers the early requests
  protected ProtocolBase(Host host, String protocolId, Logger log) {
    this.host = Objects.requireNonNull(host, "host");
    this.protocolId = requireValidProtocolId(protocolId);
    this.log = Objects.requireNonNull(log, "log");
    this.constructed = new ConstructionGate(getClass(), ProtocolBase.class);
    host.setStreamHandler(protocolId, this::serve);
  }

  private static String requireValidProtocolId(String protocolId) {
    Objects.requireNonNull(protocolId, "protocolId");
    if (!protocolId.startsWith("/") || protocolId.contains("\n") || protocolId.length() > 1024) {
      throw new IllegalArgumentException(
          "a protocol id starts with '/', has no newline and is shorter than 1024 characters: \""
              + protocolId
              + "\"");
    }
    return protocolId;
  }

  /** The protocol id, e.g. {@code /subnet/task_protocol/1.0.0}. */
  public final String protocolId() {
    return protocolId;
  }

  /** The host this protocol is registered on. */
  public final Host host() {
    return host;
  }

  /**
   * Sends {@code request} to the peer at {@code destination} (ending in {@code /p2p/<id>}) and
   * completes with its response, or with a typed error.
   */
  public abstract CompletableFuture<Resp> callRemote(Multiaddr destination, Req request);

  /**
   * Serves one inbound stream of this protocol, on its own virtual thread. Called only once the
   * protocol object is fully constructed.
   */
  protected abstract void serveStream(Stream stream) throws Exception;

  private void serve(Stream stream) throws Exception {
    if (!constructed.awaitOpen(CONSTRUCTION_WAIT_NANOS)) {
      log.warn("{}: constructor still running after 10 s; resetting inbound stream", protocolId);
      stream.reset();
      return;
    }
    serveStream(stream);
  }

  /** Stops serving inbound streams; calls already in flight finish. */
  @Override
  public void close() {
    host.removeStreamHandler(protocolId);
  }
}
