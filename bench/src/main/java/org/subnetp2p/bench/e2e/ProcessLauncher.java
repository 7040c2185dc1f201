package org.subnetp2p.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Starts every child process of a run (Java peers, js peers, iperf3) and kills them all at the end,
 * also when the runner itself is interrupted.
 */
final class ProcessLauncher implements AutoCloseable {
  private final Path jar;
  private final Path jsHome;
  private final List<String> javaOptions;
  private final List<Process> started = new CopyOnWriteArrayList<>();

  /**
   * @param jar the shaded benchmarks jar holding the Java peer
   * @param jsHome {@code interop/js-peer}, with its node_modules installed
   * @param javaOptions JVM options for Java peers (heap, logging, profiling flags)
   */
  ProcessLauncher(Path jar, Path jsHome, List<String> javaOptions) {
    this.jar = jar;
    this.jsHome = jsHome;
    this.javaOptions = List.copyOf(javaOptions);
    if (!Files.isDirectory(jsHome.resolve("node_modules"))) {
      throw new IllegalStateException(
          "run `npm ci` in " + jsHome + " first (bench/run.sh does it)");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "kill benchmark children"));
  }

  /** Starts a peer of {@code impl} listening on a free loopback port. */
  PeerProcess peer(Impl impl) throws IOException {
    List<String> command = new ArrayList<>();
    ProcessBuilder builder;
    if (impl == Impl.JAVA) {
      command.add(javaBinary());
      command.addAll(javaOptions);
      command.addAll(List.of("-cp", jar.toString(), "org.subnetp2p.bench.peer.JavaPeer"));
      builder = new ProcessBuilder(command);
    } else {
      command.addAll(List.of("node", "peer.mjs"));
      builder = new ProcessBuilder(command).directory(jsHome.toFile());
    }
    command.addAll(List.of("--listen", "/ip4/127.0.0.1/tcp/0"));
    builder.command(command);
    return new PeerProcess(impl, track(builder.start()));
  }

  /** Starts any other program, e.g. iperf3; output goes to the returned process's streams. */
  Process start(List<String> command) throws IOException {
    return track(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private Process track(Process p) {
    started.add(p);
    return p;
  }

  /** Stops {@code p}: SIGTERM, then SIGKILL after 5 s; also its descendants. */
  static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Kills every child still running. Idempotent. */
  @Override
  public void close() {
    for (Process p : started) {
      if (p.isAlive()) {
        stop(p);
      }
    }
    started.clear();
  }
}
