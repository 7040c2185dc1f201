package org.subnetp2p.node.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code java -jar subnet-node.jar ...} in a child process: its stdout lines can be awaited with a
 * deadline, its stderr is kept for assertions and failure messages. {@link #close()} kills it.
 */
final class NodeProcess implements AutoCloseable {
  private static final String END = "\u0000end of stdout";

  private final List<String> command;
  private final Process process;
  private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
  private final List<String> stdout = new ArrayList<>();
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private NodeProcess(List<String> command, Process process) {
    this.command = command;
    this.process = process;
    this.stdoutReader =
        Thread.ofVirtual()
            .start(
                () -> {
                  readLines(process.getInputStream(), stdoutLines::add);
                  stdoutLines.add(END);
                });
    this.stderrReader =
        Thread.ofVirtual()
            .start(() -> readLines(process.getErrorStream(), l -> stderr.append(l).append('\n')));
  }

  /** The runnable jar, as built by this module's package phase. */
  static Path jar() {
    Path jar = Path.of(System.getProperty("subnet.node.jar", "target/subnet-node.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the package phase first");
    }
    return jar;
  }

  /** Starts {@code subnet-node args...} in {@code dir}, with {@code env} added to a clean one. */
  static NodeProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // The node reads SUBNET_NODE_* variables: none may leak in from the test's own environment.
    builder.environment().keySet().removeIf(k -> k.startsWith("SUBNET_NODE_"));
    builder.environment().putAll(env);
    return new NodeProcess(command, builder.start());
  }

  static NodeProcess start(Path dir, String... args) throws IOException {
    return start(dir, Map.of(), args);
  }

  private static void readLines(InputStream in, Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sink.accept(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The next stdout line; fails when none comes within {@code limit} or stdout ends. */
  String nextLine(Duration limit) throws InterruptedException {
    String line = stdoutLines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(END)) {
      throw new AssertionError(
          (line == null ? "no stdout line within " + limit : "stdout ended") + "\n" + describe());
    }
    synchronized (stdout) {
      stdout.add(line);
    }
    return line;
  }

  /** Waits for the exit, then for the output to be read; fails after {@code limit}. */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + limit + "\n" + describe());
    }
    stdoutReader.join(Duration.ofSeconds(5));
    stderrReader.join(Duration.ofSeconds(5));
    return process.exitValue();
  }

  /** Every stdout line, including those not yet taken by {@link #nextLine}; after the exit. */
  List<String> stdout() {
    List<String> all;
    synchronized (stdout) {
      all = new ArrayList<>(stdout);
    }
    stdoutLines.stream().filter(l -> !l.equals(END)).forEach(all::add);
    return all;
  }

  String stderr() {
    return stderr.toString();
  }

  /** The stderr lines that the CLI's error handler wrote. */
  List<String> errorLines() {
    return stderr().lines().filter(l -> l.startsWith("error: ")).toList();
  }

  /** The processes this one started that still run, e.g. the demo's anvil. */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /** SIGTERM, as a service manager would send. */
  void terminate() {
    process.destroy();
  }

  String describe() {
    return "command: "
        + String.join(" ", command)
        + "\n--- stdout ---\n"
        + String.join("\n", stdout())
        + "\n--- stderr ---\n"
        + stderr();
  }

  /** Kills the process if it still runs, waiting a bounded time for it to go. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
