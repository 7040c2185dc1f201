package org.subnetp2p.bench.scale;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM running {@link ConnectionScale} in another role, driven by lines: one command on its stdin,
 * one answer line on its stdout (its stderr goes to ours). Closing stdin ends it.
 */
final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000eof";

  private final String name;
  private final Process process;
  private final BufferedWriter in;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(256);

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.in =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread.ofPlatform()
        .daemon()
        .name(name + "-stdout")
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.put(line);
                }
              } catch (IOException | InterruptedException e) {
                // the process ended or we are closing
              } finally {
                lines.offer(EOF);
              }
            });
  }

  /** Starts {@code ConnectionScale} with {@code args} in a JVM with max heap {@code heap}. */
  static ChildJvm start(String name, String heap, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ConnectionScale.class.getName());
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new ChildJvm(name, p);
  }

  long pid() {
    return process.pid();
  }

  /** The next line it prints, within {@code timeout}. */
  String read(Duration timeout) throws IOException, InterruptedException {
    String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (line == null) {
      throw new IOException(name + " said nothing within " + timeout);
    }
    if (line.equals(EOF)) {
      lines.offer(EOF);
      throw new IOException(name + " ended (exit " + exitCode() + ")");
    }
    return line;
  }

  /** Sends {@code command} and returns its answer, within {@code timeout}. */
  String request(String command, Duration timeout) throws IOException, InterruptedException {
    in.write(command);
    in.newLine();
    in.flush();
    return read(timeout);
  }

  private String exitCode() throws InterruptedException {
    return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "?";
  }

  /** Closes its stdin and waits up to a minute for it to end, then kills it. */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
