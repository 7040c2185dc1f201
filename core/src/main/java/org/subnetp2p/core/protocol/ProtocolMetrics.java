package org.subnetp2p.core.protocol;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters and call latencies of one request/response protocol, cheap to update. */
public final class ProtocolMetrics {

  /** How an outbound call ended. */
  public enum CallOutcome {
    /** A response arrived. */
    OK,
    /** No connection could be made. */
    DIAL_FAILED,
    /** The peer does not serve the protocol. */
    NOT_SUPPORTED,
    /** The peer reset the stream. */
    RESET,
    /** The deadline passed. */
    TIMEOUT,
    /** The request or the response exceeded the maximum size. */
    TOO_LARGE,
    /** The response could not be decoded. */
    UNDECODABLE,
    /** Anything else, e.g. a local I/O error. */
    OTHER
  }

  /** How an inbound request ended. */
  public enum InboundOutcome {
    /** Answered. */
    OK,
    /** Refused: over the concurrency limits, and the queue of waiting requests was full. */
    OVER_LIMIT,
    /** Refused: larger than the maximum. */
    TOO_LARGE,
    /** Refused: not decodable. */
    UNDECODABLE,
    /**
     * The request's deadline passed: while it waited for a slot, before it was read, while the
     * handler ran, or before its response was written.
     */
    TIMEOUT,
    /** The handler threw; the stream was reset. */
    HANDLER_FAILED,
    /** The caller went away, or another I/O error. */
    OTHER
  }

  /** Upper bounds, in milliseconds, of the latency buckets; the last bucket is unbounded. */
  public static final double[] LATENCY_BUCKETS_MS = {
    0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000
  };

  private final Map<CallOutcome, LongAdder> calls = new EnumMap<>(CallOutcome.class);
  private final Map<InboundOutcome, LongAdder> inbound = new EnumMap<>(InboundOutcome.class);
  private final AtomicLongArray latencyBuckets = new AtomicLongArray(LATENCY_BUCKETS_MS.length + 1);
  private final LongAdder latencyNanosSum = new LongAdder();
  private final LongAdder inboundWaited = new LongAdder();

  /** Empty metrics. */
  public ProtocolMetrics() {
    for (CallOutcome o : CallOutcome.values()) {
      calls.put(o, new LongAdder());
    }
    for (InboundOutcome o : InboundOutcome.values()) {
      inbound.put(o, new LongAdder());
    }
  }

  void recordCall(CallOutcome outcome, long nanos) {
    calls.get(outcome).increment();
    latencyNanosSum.add(nanos);
    double ms = nanos / 1e6;
    int i = Arrays.binarySearch(LATENCY_BUCKETS_MS, ms);
    latencyBuckets.incrementAndGet(i >= 0 ? i : -i - 1);
  }

  void recordInbound(InboundOutcome outcome) {
    inbound.get(outcome).increment();
  }

  void recordInboundWait() {
    inboundWaited.increment();
  }

  /** Outbound calls that ended with {@code outcome}. */
  public long calls(CallOutcome outcome) {
    return calls.get(outcome).sum();
  }

  /** Inbound requests that ended with {@code outcome}. */
  public long inbound(InboundOutcome outcome) {
    return inbound.get(outcome).sum();
  }

  /**
   * Inbound requests that had to wait for a slot (over the concurrency limits) before being served
   * or refused.
   */
  public long inboundWaited() {
    return inboundWaited.sum();
  }

  /**
   * Outbound calls per latency bucket (not cumulative): index {@code i} counts calls of at most
   * {@code LATENCY_BUCKETS_MS[i]} ms not counted in a lower bucket; the last index counts slower
   * calls.
   */
  public long[] callLatencyBuckets() {
    long[] out = new long[latencyBuckets.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = latencyBuckets.get(i);
    }
    return out;
  }

  /** Sum of all outbound call latencies, in seconds. */
  public double callLatencySecondsSum() {
    return latencyNanosSum.sum() / 1e9;
  }
}
