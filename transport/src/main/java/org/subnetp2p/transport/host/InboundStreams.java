package org.subnetp2p.transport.host;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.host.StreamResetException;
import org.subnetp2p.transport.multistream.MultistreamException;
import org.subnetp2p.transport.multistream.StreamNegotiator;
import org.subnetp2p.transport.yamux.YamuxStream;

/**
 * The protocol handlers, and the dispatch of each inbound stream to one of them: on a virtual
 * thread of its own, the stream's protocol is agreed (as the multistream responder, within the
 * negotiation timeout), then its handler runs and the stream is closed or reset after it.
 */
final class InboundStreams {
  private static final Logger LOG = LoggerFactory.getLogger(InboundStreams.class);

  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Duration negotiationTimeout;
  private final HostMeters meters;

  InboundStreams(Duration negotiationTimeout, HostMeters meters) {
    this.negotiationTimeout = negotiationTimeout;
    this.meters = meters;
  }

  /** Sets the protocol's handler; true if the protocol is new. */
  boolean put(String protocol, StreamHandler handler) {
    return handlers.put(protocol, handler) == null;
  }

  /** Removes the protocol's handler; true if there was one. */
  boolean remove(String protocol) {
    return handlers.remove(protocol) != null;
  }

  Set<String> protocols() {
    return Set.copyOf(handlers.keySet());
  }

  /** Serves a stream the remote opened, off the event loop. */
  void serveInbound(YamuxStream stream) {
    Thread.ofVirtual()
        .name("inbound stream from " + stream.remotePeer())
        .start(() -> serve(stream));
  }

  private void serve(YamuxStream raw) {
    Stream stream;
    try {
      Instant deadline = Instant.now().plus(negotiationTimeout);
      raw.setReadDeadline(deadline);
      raw.setWriteDeadline(deadline);
      stream = StreamNegotiator.acceptBuffered(raw, handlers::containsKey, handlers::keySet);
      raw.setReadDeadline(null);
      raw.setWriteDeadline(null);
      raw.setProtocol(stream.protocol());
    } catch (MultistreamException e) {
      // E.g. an optimistic dialer's request read as a second proposal after our "na". Close
      // rather than reset: a reset would make the dialer discard the "na" unread.
      LOG.debug("inbound stream from {}: negotiation failed: {}", raw.remotePeer(), e.toString());
      raw.close();
      return;
    } catch (Exception e) {
      LOG.debug("inbound stream from {}: negotiation failed: {}", raw.remotePeer(), e.toString());
      raw.reset();
      return;
    }
    String protocol = stream.protocol();
    StreamHandler handler = handlers.get(protocol);
    if (handler == null) {
      stream.reset(); // removed while negotiating
      return;
    }
    meters.streamOpened(protocol, Direction.INBOUND);
    try {
      handler.handle(stream);
      stream.close();
    } catch (StreamResetException e) {
      // The peer gave up on the stream, or the connection went: routine, not the handler's fault.
      LOG.debug(
          "stream for {} from {} was reset: {}", protocol, stream.remotePeer(), e.getMessage());
      stream.reset();
    } catch (Exception e) {
      LOG.warn(
          "handler for {} failed on a stream from {}: {}",
          protocol,
          stream.remotePeer(),
          e.toString());
      stream.reset();
    }
  }
}
