package org.subnetp2p.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer in a child process (the Java peer or {@code interop/js-peer}), driven by the JSON lines
 * both speak: a ready event with the peer's addresses, then one answer per command.
 */
final class PeerProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int LOG_TAIL = 8_000;

  private final Impl impl;
  private final Process process;
  private final OutputStream stdin;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  private final StringBuilder stderr = new StringBuilder();

  PeerProcess(Impl impl, Process process) throws IOException {
    this.impl = impl;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread.ofVirtual().name(impl.label + " peer stdout").start(this::readAnswers);
    Thread.ofVirtual().name(impl.label + " peer stderr").start(this::readLogs);
    try {
      ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IOException(impl.label + " peer did not start: " + e + "\n" + logs(), e);
    }
  }

  Impl impl() {
    return impl;
  }

  long pid() {
    return process.pid();
  }

  /** The peer's first listen address, with its {@code /p2p/} id. */
  String address() {
    return ready.join().get("addrs").get(0).asText();
  }

  /**
   * Sends {@code cmd} with {@code fields} (name/value pairs) and waits for the answer, at most the
   * command's own timeout (which the peer enforces too) plus a margin.
   *
   * @throws IOException if the peer answers {@code ok:false}, with its error, or does not answer
   */
  JsonNode command(String cmd, Duration timeout, Object... fields) throws IOException {
    long id = nextId.getAndIncrement();
    ObjectNode request = JSON.createObjectNode().put("id", id).put("cmd", cmd);
    for (int i = 0; i < fields.length; i += 2) {
      request.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    request.put("timeoutMs", timeout.toMillis());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    JsonNode result;
    try {
      synchronized (stdin) {
        stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      result = answer.get(timeout.toMillis() + 15_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IOException(impl.label + " peer did not answer " + cmd + ": " + e + "\n" + logs());
    } finally {
      pending.remove(id);
    }
    if (!result.path("ok").asBoolean()) {
      throw new IOException(
          impl.label + " peer: " + cmd + " failed: " + result.path("error").asText());
    }
    return result;
  }

  /** The resident set size of the process, from {@code /proc/<pid>/status}. */
  long rssKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS for pid " + pid());
  }

  /**
   * CPU time (user + system) the process has used so far, in milliseconds, from {@code
   * /proc/<pid>/stat} (clock ticks of 10 ms: the resolution of the figure).
   */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
    // Fields after the command name, which is in parentheses and may contain spaces.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
  }

  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private void readAnswers() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          continue; // not ours: a stray line on stdout
        }
        if ("ready".equals(node.path("event").asText())) {
          ready.complete(node);
        } else if (node.hasNonNull("id")) {
          CompletableFuture<JsonNode> f = pending.get(node.get("id").asLong());
          if (f != null) {
            f.complete(node);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    ready.completeExceptionally(new IOException(impl.label + " peer exited"));
    pending.values().forEach(f -> f.completeExceptionally(new IOException("peer exited")));
  }

  private void readLogs() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (stderr) {
          stderr.append(line).append('\n');
          if (stderr.length() > 2 * LOG_TAIL) {
            stderr.delete(0, stderr.length() - LOG_TAIL);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The last lines the peer logged. */
  String logs() {
    synchronized (stderr) {
      return "--- " + impl.label + " peer stderr ---\n" + stderr;
    }
  }

  /** EOF on stdin (the peer finishes and exits), then SIGTERM/SIGKILL if it lingers. */
  @Override
  public void close() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        ProcessLauncher.stop(process);
      }
    } catch (InterruptedException e) {
      ProcessLauncher.stop(process);
      Thread.currentThread().interrupt();
    }
  }
}
