package org.subnetp2p.kademlia.rpc;

import java.util.concurrent.atomic.LongAdder;

/** What the DHT did on the wire, counted. */
public final class KadCounters {
  /** Requests we sent. */
  public final LongAdder requestsSent = new LongAdder();

  /** Requests of ours that failed: no connection, no or a bad answer, timed out. */
  public final LongAdder requestsFailed = new LongAdder();

  /** Inbound requests answered. */
  public final LongAdder inboundAnswered = new LongAdder();

  /** Inbound streams refused because a peer or we had too many open. */
  public final LongAdder inboundOverLimit = new LongAdder();

  /** Inbound requests refused because their peer exceeded its request rate. */
  public final LongAdder inboundRateLimited = new LongAdder();

  /** Inbound streams reset for bad input: too large, undecodable, unknown type, invalid. */
  public final LongAdder inboundRejected = new LongAdder();

  /** Answers we refused: too large, undecodable, of the wrong type. */
  public final LongAdder badAnswers = new LongAdder();
}
