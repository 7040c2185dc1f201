package org.subnetp2p.core.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of one request/response protocol. {@link #DEFAULTS} suits most subnets; change one
 * value with the {@code with...} methods.
 *
 * <p>Inbound requests beyond the concurrency limits are not refused at once: each waits, unread (so
 * the muxer's flow control holds the caller back), in a queue per peer, and slots are handed to the
 * waiting peers in turn so that a peer with many requests cannot starve one with few. Only a
 * request that finds its peer's queue or the protocol's queue full is reset.
 *
 * @param callTimeout deadline for a whole outbound call: dial, negotiation, request, response
 * @param inboundTimeout deadline for a whole inbound request, from its arrival: waiting for a slot,
 *     reading, the handler, writing the response. Past it the stream is reset and a handler still
 *     running is interrupted; handlers see it as {@link IncomingRequestContext#deadline()}
 * @param inboundReadTimeout deadline for reading an inbound request once it has a slot
 * @param maxMessageSize largest request or response, in bytes, excluding the length prefix
 * @param maxConcurrentInbound inbound requests served at once across all peers
 * @param maxConcurrentInboundPerPeer inbound requests served at once for one peer
 * @param maxQueuedInbound inbound requests waiting for a slot across all peers; beyond, new ones
 *     are reset
 * @param maxQueuedInboundPerPeer inbound requests of one peer waiting for a slot; beyond, new ones
 *     are reset
 */
public record RequestResponseOptions(
    Duration callTimeout,
    Duration inboundTimeout,
    Duration inboundReadTimeout,
    int maxMessageSize,
    int maxConcurrentInbound,
    int maxConcurrentInboundPerPeer,
    int maxQueuedInbound,
    int maxQueuedInboundPerPeer) {

  /**
   * 30 s per call and per inbound request, 10 s to read a request, 4 MiB messages; 256 requests
   * served at once, 32 per peer; 2,048 waiting, 512 per peer (the transport's limit of inbound
   * streams on one connection, so a single connection never meets the queue's limit first).
   */
  public static final RequestResponseOptions DEFAULTS =
      new RequestResponseOptions(
          Duration.ofSeconds(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          4 * 1024 * 1024,
          256,
          32,
          2048,
          512);

  /** Validates the options. */
  public RequestResponseOptions {
    requirePositive(callTimeout, "callTimeout");
    requirePositive(inboundTimeout, "inboundTimeout");
    requirePositive(inboundReadTimeout, "inboundReadTimeout");
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be at least 1");
    }
    if (maxConcurrentInbound < 1 || maxConcurrentInboundPerPeer < 1) {
      throw new IllegalArgumentException("concurrency limits must be at least 1");
    }
    if (maxQueuedInbound < 0 || maxQueuedInboundPerPeer < 0) {
      throw new IllegalArgumentException("queue limits must be at least 0");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  /** These options with another call deadline. */
  public RequestResponseOptions withCallTimeout(Duration timeout) {
    return new RequestResponseOptions(
        timeout,
        inboundTimeout,
        inboundReadTimeout,
        maxMessageSize,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer,
        maxQueuedInbound,
        maxQueuedInboundPerPeer);
  }

  /** These options with another deadline for whole inbound requests. */
  public RequestResponseOptions withInboundTimeout(Duration timeout) {
    return new RequestResponseOptions(
        callTimeout,
        timeout,
        inboundReadTimeout,
        maxMessageSize,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer,
        maxQueuedInbound,
        maxQueuedInboundPerPeer);
  }

  /** These options with another inbound read deadline. */
  public RequestResponseOptions withInboundReadTimeout(Duration timeout) {
    return new RequestResponseOptions(
        callTimeout,
        inboundTimeout,
        timeout,
        maxMessageSize,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer,
        maxQueuedInbound,
        maxQueuedInboundPerPeer);
  }

  /** These options with another maximum message size. */
  public RequestResponseOptions withMaxMessageSize(int bytes) {
    return new RequestResponseOptions(
        callTimeout,
        inboundTimeout,
        inboundReadTimeout,
        bytes,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer,
        maxQueuedInbound,
        maxQueuedInboundPerPeer);
  }

  /** These options with other inbound concurrency limits. */
  public RequestResponseOptions withMaxConcurrentInbound(int total, int perPeer) {
    return new RequestResponseOptions(
        callTimeout,
        inboundTimeout,
        inboundReadTimeout,
        maxMessageSize,
        total,
        perPeer,
        maxQueuedInbound,
        maxQueuedInboundPerPeer);
  }

  /** These options with other limits on inbound requests waiting for a slot. */
  public RequestResponseOptions withMaxQueuedInbound(int total, int perPeer) {
    return new RequestResponseOptions(
        callTimeout,
        inboundTimeout,
        inboundReadTimeout,
        maxMessageSize,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer,
        total,
        perPeer);
  }
}
