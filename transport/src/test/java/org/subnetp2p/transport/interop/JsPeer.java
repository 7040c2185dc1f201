package org.subnetp2p.transport.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A real js-libp2p peer (the project's {@code interop/js-peer}) in a child process, driven by JSON
 * lines. Used by interop tests and benchmarks; installs its npm dependencies on first use.
 */
public final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final OutputStream stdin;
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
  private final StringBuilder stderrTail = new StringBuilder();

  private JsPeer(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread.ofVirtual().name("js-peer stdout").start(this::readAnswers);
    Thread.ofVirtual().name("js-peer stderr").start(this::readLogs);
  }

  /** The folder of the js peer, found from the working directory upwards. */
  public static Path home() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("interop/js-peer");
      if (Files.exists(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("interop/js-peer not found above " + dir);
  }

  /** Runs {@code npm ci} unless node_modules already matches the lockfile. */
  public static synchronized void install() throws IOException, InterruptedException {
    Path home = home();
    Path lockfile = home.resolve("package-lock.json");
    Path installed = home.resolve("node_modules/.package-lock.json");
    try (FileChannel ch =
        FileChannel.open(
            home.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = ch.lock(); // several test JVMs may start at once
      try {
        if (Files.exists(installed)
            && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lockfile))
                >= 0) {
          return;
        }
        Process npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
          throw new IOException("npm ci failed in " + home + ":\n" + output);
        }
      } finally {
        lock.release();
      }
    }
  }

  /** Starts a peer listening on a free loopback port, with extra command-line arguments. */
  public static JsPeer start(String... args) throws IOException, InterruptedException {
    return start(Map.of(), args);
  }

  /**
   * Starts a peer as {@link #start(String...)} does, with extra environment variables: e.g. {@code
   * DEBUG=libp2p:*:error} makes libp2p log its errors (a muxer's abort, say) to stderr, which
   * {@link #logs()} then shows.
   */
  public static JsPeer start(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>(List.of("node", "peer.mjs"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    JsPeer peer = new JsPeer(p);
    try {
      peer.ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      peer.close();
      throw new IOException("js peer did not start: " + e + "\n" + peer.logs(), e);
    }
    return peer;
  }

  /** Runs a one-shot command of peer.mjs (keygen, peerid) and returns its JSON answer. */
  public static JsonNode tool(String... args) throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>(List.of("node", "peer.mjs"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(home().toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("node peer.mjs " + String.join(" ", args) + " failed: " + err);
    }
    return JSON.readTree(out);
  }

  /** The peer's id. */
  public PeerId peerId() {
    return PeerId.fromString(ready.join().get("peerId").asText());
  }

  /** The peer's dialable addresses, each with its /p2p/ id. */
  public List<Multiaddr> addresses() {
    List<Multiaddr> out = new ArrayList<>();
    ready.join().get("addrs").forEach(a -> out.add(Multiaddr.parse(a.asText())));
    return out;
  }

  /**
   * Sends a command and waits for its answer.
   *
   * @param fields name/value pairs after the command name
   * @throws IOException if the peer answers {@code ok:false}, with its error
   */
  public JsonNode command(String cmd, Duration timeout, Object... fields) throws IOException {
    long id = nextId.getAndIncrement();
    ObjectNode request = JSON.createObjectNode().put("id", id).put("cmd", cmd);
    for (int i = 0; i < fields.length; i += 2) {
      request.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    request.put("timeoutMs", timeout.toMillis());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    synchronized (stdin) {
      stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    }
    JsonNode result;
    try {
      result = answer.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IOException("js peer did not answer " + cmd + ": " + e + "\n" + logs(), e);
    } finally {
      pending.remove(id);
    }
    if (!result.path("ok").asBoolean()) {
      throw new IOException(
          "js peer: " + cmd + " failed: " + result.path("error").asText() + "\n" + logs());
    }
    return result;
  }

  private void readAnswers() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode node = JSON.readTree(line);
        if ("ready".equals(node.path("event").asText())) {
          ready.complete(node);
        } else if (node.has("id") && !node.get("id").isNull()) {
          CompletableFuture<JsonNode> f = pending.get(node.get("id").asLong());
          if (f != null) {
            f.complete(node);
          }
        }
      }
    } catch (IOException e) {
      // the process ended; pending commands time out with the logs attached
    }
    ready.completeExceptionally(new IOException("js peer exited"));
  }

  private void readLogs() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (stderrTail) {
          stderrTail.append(line).append('\n');
          if (stderrTail.length() > 20_000) {
            stderrTail.delete(0, stderrTail.length() - 10_000);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The last lines the peer logged, for failure messages. */
  public String logs() {
    synchronized (stderrTail) {
      return "--- js peer stderr ---\n" + stderrTail;
    }
  }

  @Override
  public void close() {
    try {
      synchronized (stdin) {
        stdin.close(); // EOF: the peer finishes and exits
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
