package org.subnetp2p.core.protocol;

import java.time.Duration;

/**
 * The limits of one request/response protocol. {@link #DEFAULTS} suits most subnets; change one
 * value with the {@code with...} methods.
 *
 * @param callTimeout deadline for a whole outbound call: dial, negotiation, request, response
 * @param inboundReadTimeout deadline for reading an inbound request, and for writing its response
 * @param maxMessageSize largest request or response, in bytes, excluding the length prefix
 * @param maxConcurrentInbound inbound requests served at once across all peers; streams beyond are
 *     reset
 * @param maxConcurrentInboundPerPeer inbound requests served at once for one peer
 */
public record RequestResponseOptions(
    Duration callTimeout,
    Duration inboundReadTimeout,
    int maxMessageSize,
    int maxConcurrentInbound,
    int maxConcurrentInboundPerPeer) {

  /** 30 s per call, 10 s per inbound read, 4 MiB messages, 256 requests at once, 32 per peer. */
  public static final RequestResponseOptions DEFAULTS =
      new RequestResponseOptions(
          Duration.ofSeconds(30), Duration.ofSeconds(10), 4 * 1024 * 1024, 256, 32);

  /** Validates the options. */
  public RequestResponseOptions {
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive");
    }
    if (inboundReadTimeout.isNegative() || inboundReadTimeout.isZero()) {
      throw new IllegalArgumentException("inboundReadTimeout must be positive");
    }
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException("maxMessageSize must be at least 1");
    }
    if (maxConcurrentInbound < 1 || maxConcurrentInboundPerPeer < 1) {
      throw new IllegalArgumentException("concurrency limits must be at least 1");
    }
  }

  /** These options with another call deadline. */
  public RequestResponseOptions withCallTimeout(Duration timeout) {
    return new RequestResponseOptions(
        timeout,
        inboundReadTimeout,
        maxMessageSize,
        maxConcurrentInbound,
        maxConcurrentInboundPerPeer);
  }

  /** These options with another inbound read deadline. */
  public RequestResponseOptions withInboundReadTimeout(Duration timeout) {
    return new RequestResponseOptions(
        callTimeout, timeout, maxMessageSize, maxConcurrentInbound, maxConcurrentInboundPerPeer);
  }

  /** These options with another maximum message size. */
  public RequestResponseOptions withMaxMessageSize(int bytes) {
    return new RequestResponseOptions(
        callTimeout, inboundReadTimeout, bytes, maxConcurrentInbound, maxConcurrentInboundPerPeer);
  }

  /** These options with other inbound concurrency limits. */
  public RequestResponseOptions withMaxConcurrentInbound(int total, int perPeer) {
    return new RequestResponseOptions(
        callTimeout, inboundReadTimeout, maxMessageSize, total, perPeer);
  }
}
