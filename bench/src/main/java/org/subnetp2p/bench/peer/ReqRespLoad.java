package org.subnetp2p.bench.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.protocol.CallOptions;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;

/**
 * The {@code bench} command: task calls to one peer over one connection, one stream per call,
 * {@code concurrency} in flight. Like the js peer: lower-case payload, every answer checked to be
 * upper-cased, warm-up calls not measured, p50/p99 over successful calls.
 *
 * <p>Calls are chained asynchronously (a finished call starts the next), so the client adds no
 * thread of its own per call beyond what the protocol template uses.
 */
final class ReqRespLoad {
  private final TaskProtocol task;
  private final Multiaddr address;
  private final int concurrency;
  private final int payloadBytes;
  private final Duration callTimeout;
  private final byte[] payload;
  private final ByteString expected;

  ReqRespLoad(
      TaskProtocol task,
      Multiaddr address,
      int concurrency,
      int payloadBytes,
      Duration callTimeout) {
    if (concurrency < 1 || payloadBytes < 0) {
      throw new IllegalArgumentException("concurrency must be >= 1 and payloadBytes >= 0");
    }
    this.task = task;
    this.address = address;
    this.concurrency = concurrency;
    this.payloadBytes = payloadBytes;
    this.callTimeout = callTimeout;
    this.payload = new byte[payloadBytes];
    for (int i = 0; i < payloadBytes; i++) {
      payload[i] = (byte) ('a' + i % 26);
    }
    byte[] upper = payload.clone();
    for (int i = 0; i < upper.length; i++) {
      upper[i] = (byte) (upper[i] - 32);
    }
    this.expected = ByteString.copyFrom(upper);
  }

  ObjectNode run(int calls, int warmup, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Pool warm = new Pool(warmup, this::call);
    warm.run(concurrency, deadline);
    long start = System.nanoTime();
    Pool measured = new Pool(calls, this::call);
    measured.run(concurrency, deadline);
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    long[] sorted = Percentiles.sorted(measured.successfulLatencies());
    String firstError = measured.firstError.get() != null ? measured.firstError.get() : null;
    if (firstError == null) {
      firstError = warm.firstError.get();
    }
    ObjectNode out = JsonLinesController.JSON.createObjectNode();
    out.put("calls", calls)
        .put("succeeded", sorted.length)
        .put("errors", calls - sorted.length)
        .put("firstError", firstError)
        .put("warmupErrors", warmup - warm.successfulLatencies().length)
        .put("concurrency", concurrency)
        .put("payloadBytes", payloadBytes)
        .put("elapsedMs", Percentiles.round3(elapsedMs))
        .put("opsPerSec", Percentiles.round3(sorted.length / (elapsedMs / 1000)))
        .put("p50Ms", Percentiles.ms(sorted, 50))
        .put("p99Ms", Percentiles.ms(sorted, 99));
    return out;
  }

  private CompletableFuture<Void> call(int i) {
    // The template's own deadline bounds the call: an orTimeout here would wake the JDK's delay
    // scheduler for every call, a cost the js client does not pay.
    TaskRequest request =
        TaskRequest.newBuilder()
            .setTaskId("b" + i)
            .setPayload(ByteString.copyFrom(payload))
            .build();
    return task.callRemote(address, request, CallOptions.withTimeout(callTimeout))
        .thenAccept(
            r -> {
              if (!r.getAccepted() || !r.getResult().equals(expected)) {
                throw new IllegalStateException(
                    "call b" + i + ": wrong answer (accepted=" + r.getAccepted() + ")");
              }
            });
  }

  /** Runs {@code total} calls with a fixed number in flight, recording each call's latency. */
  private static final class Pool {
    private final int total;
    private final IntFunction<CompletableFuture<Void>> call;
    private final long[] latencies; // nanoseconds; -1 for a failed or never started call
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private CountDownLatch workers;
    private volatile boolean stopped;

    Pool(int total, IntFunction<CompletableFuture<Void>> call) {
      this.total = total;
      this.call = call;
      this.latencies = new long[total];
      Arrays.fill(latencies, -1);
    }

    void run(int concurrency, long deadlineNanos) throws InterruptedException {
      int n = Math.min(concurrency, total);
      workers = new CountDownLatch(n);
      for (int w = 0; w < n; w++) {
        next();
      }
      if (!workers.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        stopped = true;
        firstError.compareAndSet(null, "bench deadline passed");
        workers.await(15, TimeUnit.SECONDS); // calls in flight end by their own timeout
      }
    }

    /** Starts the next call of this worker; loops instead of recursing when calls end at once. */
    private void next() {
      while (true) {
        int i = issued.getAndIncrement();
        if (i >= total || stopped) {
          workers.countDown();
          return;
        }
        long t0 = System.nanoTime();
        CompletableFuture<Void> f = call.apply(i);
        if (!f.isDone()) {
          f.whenComplete(
              (r, e) -> {
                record(i, t0, e);
                next();
              });
          return;
        }
        record(i, t0, f.isCompletedExceptionally() ? f.exceptionNow() : null);
      }
    }

    private void record(int i, long t0, Throwable error) {
      if (error == null) {
        latencies[i] = System.nanoTime() - t0;
      } else {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        firstError.compareAndSet(null, cause.toString());
      }
    }

    long[] successfulLatencies() {
      return Arrays.stream(latencies).filter(l -> l >= 0).toArray();
    }
  }
}
