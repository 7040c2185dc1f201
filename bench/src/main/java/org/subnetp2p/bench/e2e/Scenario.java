package org.subnetp2p.bench.e2e;

/** One kind of measurement; {@link #run} adds one sample per figure to the session's results. */
interface Scenario {
  /** The name figures are filed under, e.g. {@code req/resp 64 B, 64 in flight}. */
  String name();

  /** Takes one sample of every figure of this scenario (round 1, 2, ...). */
  void run(Session session, int round) throws Exception;
}
