package org.subnetp2p.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-lived {@link CliServer} inside a node's container (a {@code docker exec} with stdin
 * attached): runs {@code subnet-node} commands in the node's network namespace, as {@code docker
 * exec ... subnet-node call} would, without a JVM start per command. Each command is bounded here
 * by its deadline, so a command that never answers shows as timed out rather than hanging the test.
 */
final class CliSession implements AutoCloseable {
  private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

  private final String caller;
  private final StdinFeed stdin = new StdinFeed();
  private final Map<Long, CompletableFuture<String[]>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final ByteArrayOutputStream partLine = new ByteArrayOutputStream();
  private final StringBuilder stderrTail = new StringBuilder();

  private CliSession(String caller) {
    this.caller = caller;
  }

  /**
   * Starts {@code command} (the Java command line that runs {@link CliServer}) in {@code
   * containerId} and waits for its ready line.
   */
  static CliSession start(
      DockerClient docker, String containerId, String caller, List<String> command) {
    CliSession session = new CliSession(caller);
    String exec =
        docker
            .execCreateCmd(containerId)
            .withAttachStdin(true)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .withCmd(command.toArray(String[]::new))
            .exec()
            .getId();
    docker.execStartCmd(exec).withStdIn(session.stdin).exec(session.new Output());
    try {
      session.ready.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          caller + "'s CLI server did not start in " + READY_DEADLINE + ": " + session.stderrTail);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return session;
  }

  /**
   * Runs {@code subnet-node <arguments>}; its exit code and output, or {@link CallResult#timedOut}
   * if no answer came within {@code deadline}. {@code target} and {@code payload} only label the
   * result.
   */
  CallResult run(String target, String payload, Duration deadline, List<String> arguments) {
    long id = nextId.getAndIncrement();
    CompletableFuture<String[]> answer = new CompletableFuture<>();
    pending.put(id, answer);
    List<String> fields = new ArrayList<>();
    fields.add(Long.toString(id));
    fields.addAll(arguments);
    for (String f : fields) {
      if (f.contains("\t") || f.contains("\n")) {
        throw new IllegalArgumentException("tab or newline in argument " + f);
      }
    }
    long start = System.nanoTime();
    stdin.send((String.join("\t", fields) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      String[] a = answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      Base64.Decoder b64 = Base64.getDecoder();
      return new CallResult(
          caller,
          target,
          payload,
          Integer.parseInt(a[1]),
          new String(b64.decode(a[2]), StandardCharsets.UTF_8),
          new String(b64.decode(a[3]), StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      return CallResult.timedOut(caller, target, payload, deadline);
    } catch (ExecutionException e) {
      throw new IllegalStateException(caller + "'s CLI server failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pending.remove(id);
    }
  }

  /** Stdin's end stops the server; it also ends with its container. */
  @Override
  public void close() {
    stdin.close();
  }

  private void onLine(String line) {
    if (line.equals("ready")) {
      ready.complete(null);
      return;
    }
    String[] fields = line.split("\t", -1);
    if (fields.length == 4) {
      CompletableFuture<String[]> answer = pending.get(Long.parseLong(fields[0]));
      if (answer != null) {
        answer.complete(fields);
      }
    }
  }

  /** Splits the exec's stdout into lines; keeps the end of its stderr for failure messages. */
  private final class Output extends ResultCallback.Adapter<Frame> {
    private static final int STDERR_KEPT = 4000;

    @Override
    public void onNext(Frame frame) {
      if (frame.getStreamType() == StreamType.STDERR) {
        synchronized (stderrTail) {
          stderrTail.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
          if (stderrTail.length() > STDERR_KEPT) {
            stderrTail.delete(0, stderrTail.length() - STDERR_KEPT);
          }
        }
        return;
      }
      List<String> lines = new ArrayList<>();
      synchronized (partLine) {
        for (byte b : frame.getPayload()) {
          if (b == '\n') {
            lines.add(partLine.toString(StandardCharsets.UTF_8));
            partLine.reset();
          } else {
            partLine.write(b);
          }
        }
      }
      lines.forEach(CliSession.this::onLine);
    }

    @Override
    public void onComplete() {
      ready.completeExceptionally(new IllegalStateException("the CLI server ended"));
    }
  }
}
