package org.subnetp2p.bench.e2e;

/**
 * The sizes of one benchmark run. {@link #FULL} is what BENCHMARKS.md reports; {@link #QUICK}
 * checks that everything works in about two minutes.
 *
 * @param runs repetitions of every figure; each figure is their median, with min and max
 * @param calls measured calls per request/response run
 * @param warmup calls before each measured run, not counted
 * @param perfBytes bytes uploaded, and then downloaded, by one perf run
 * @param connSetups connections opened in turn by one connection set-up run
 * @param connSetupWarmup connections opened, unmeasured, by the fresh client process first (enough
 *     for the JIT to finish with the per-connection code, see {@link ConnSetupScenario})
 * @param idleConnections connections held open for the memory figure
 * @param iperfSeconds duration of one iperf3 run
 * @param processWarmupCalls task calls of each size per pair before the first round, unmeasured
 */
record RunConfig(
    int runs,
    int calls,
    int warmup,
    long perfBytes,
    int connSetups,
    int connSetupWarmup,
    int idleConnections,
    int iperfSeconds,
    int processWarmupCalls) {

  static final RunConfig FULL =
      new RunConfig(3, 20_000, 5_000, 100L << 20, 500, 10_000, 1_000, 5, 20_000);
  static final RunConfig QUICK = new RunConfig(1, 2_000, 500, 20L << 20, 50, 50, 200, 2, 0);

  RunConfig withRuns(int n) {
    return new RunConfig(
        n,
        calls,
        warmup,
        perfBytes,
        connSetups,
        connSetupWarmup,
        idleConnections,
        iperfSeconds,
        processWarmupCalls);
  }
}
