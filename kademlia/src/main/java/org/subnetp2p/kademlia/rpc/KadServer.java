package org.subnetp2p.kademlia.rpc;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.kademlia.wire.Frames;
import org.subnetp2p.kademlia.wire.pb.Message;

/**
 * Serves inbound Kademlia streams: reads requests (refusing one over the size limit from its
 * prefix, each within a read deadline), answers each through a {@link Responder}, and handles
 * further requests on the same stream as the spec asks, until the caller closes it. A peer over its
 * stream or rate limit, or sending anything it cannot serve, has its stream reset; nothing else is
 * affected.
 */
public final class KadServer implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(KadServer.class);

  /** Requests served on one stream before it is closed. */
  static final int MAX_REQUESTS_PER_STREAM = 32;

  /** Answers one request. */
  @FunctionalInterface
  public interface Responder {
    /**
     * The answer to {@code request} from {@code peer}.
     *
     * @throws BadRequestException if it cannot be served: the stream is reset
     */
    Message respond(PeerId peer, Message request) throws BadRequestException;
  }

  private final Responder responder;
  private final int maxRequestSize;
  private final Duration readTimeout;
  private final InboundLimiter streams;
  private final PeerRateLimiter rate;
  private final KadCounters counters;

  /**
   * @param readTimeout limit for each request to arrive, and for each answer to be written
   */
  public KadServer(
      Responder responder,
      int maxRequestSize,
      Duration readTimeout,
      InboundLimiter streams,
      PeerRateLimiter rate,
      KadCounters counters) {
    this.responder = responder;
    this.maxRequestSize = maxRequestSize;
    this.readTimeout = readTimeout;
    this.streams = streams;
    this.rate = rate;
    this.counters = counters;
  }

  @Override
  public void handle(Stream stream) {
    PeerId peer = stream.remotePeer();
    if (!streams.tryAcquire(peer)) {
      counters.inboundOverLimit.increment();
      stream.reset();
      return;
    }
    try {
      serve(stream, peer);
    } catch (BadRequestException | MessageTooLargeException e) {
      counters.inboundRejected.increment();
      LOG.debug("kad request from {} refused: {}", peer, e.getMessage());
      stream.reset();
    } catch (IOException e) {
      // Undecodable input, a stream reset or a deadline: routine for a hostile or vanished peer.
      counters.inboundRejected.increment();
      LOG.debug("kad stream from {} failed: {}", peer, e.toString());
      stream.reset();
    } finally {
      streams.release(peer);
    }
  }

  private void serve(Stream stream, PeerId peer) throws IOException {
    for (int i = 0; i < MAX_REQUESTS_PER_STREAM; i++) {
      stream.setReadDeadline(Instant.now().plus(readTimeout));
      Message request = Frames.read(stream, maxRequestSize);
      if (request == null) {
        break; // the caller closed its side: done
      }
      if (!rate.tryAcquire(peer)) {
        counters.inboundRateLimited.increment();
        LOG.debug("kad requests from {} over their rate: stream reset", peer);
        stream.reset();
        return;
      }
      Message answer = responder.respond(peer, request);
      stream.setWriteDeadline(Instant.now().plus(readTimeout));
      Frames.write(stream, answer);
      counters.inboundAnswered.increment();
    }
    stream.close();
  }
}
