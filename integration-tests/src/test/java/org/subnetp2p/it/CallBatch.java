package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code subnet-node call}s a few at a time (each starts a JVM, and two cores are shared with
 * the nodes) and checks that every one was answered.
 */
final class CallBatch {
  private static final Logger LOG = LoggerFactory.getLogger(CallBatch.class);
  private static final int PARALLEL_CALLS = 3;

  private CallBatch() {}

  /** Runs {@code calls}, at most {@value #PARALLEL_CALLS} at once; their results in order. */
  static List<CallResult> runAll(List<Callable<CallResult>> calls) {
    return runAll(calls, PARALLEL_CALLS);
  }

  /**
   * Runs {@code tasks}, at most {@code parallel} at once, on virtual threads (each mostly waits on
   * a container); their results in order. Calls through a {@link CliSession} start no JVM, so they
   * may all run at once.
   */
  static <T> List<T> runAll(List<Callable<T>> tasks, int parallel) {
    Semaphore slots = new Semaphore(parallel);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  slots.acquire();
                  try {
                    return task.call();
                  } finally {
                    slots.release();
                  }
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Every call answered with its payload in upper case; else the failures and the nodes' logs. */
  static void assertAllSucceeded(List<CallResult> results, List<NodeContainer> nodes) {
    LOG.info(
        "{} calls, slowest {} ms (JVM start included)",
        results.size(),
        results.stream().mapToLong(r -> r.elapsed().toMillis()).max().orElse(0));
    List<CallResult> failed =
        results.stream().filter(Predicate.not(CallResult::answeredUpperCase)).toList();
    assertThat(failed)
        .withFailMessage(
            () ->
                failed.size()
                    + " of "
                    + results.size()
                    + " calls failed:\n"
                    + failed.stream().map(CallResult::toString).collect(Collectors.joining("\n"))
                    + "\n"
                    + nodes.stream()
                        .filter(
                            n ->
                                failed.stream()
                                    .anyMatch(
                                        r ->
                                            r.caller().equals(n.alias())
                                                || r.target().equals(n.address())))
                        .map(NodeContainer::logTail)
                        .collect(Collectors.joining("\n")))
        .isEmpty();
  }
}
