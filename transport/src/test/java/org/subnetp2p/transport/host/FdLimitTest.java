package org.subnetp2p.transport.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * A node at its open-file limit refuses new connections and keeps the ones it holds, over real
 * sockets: the server runs in a JVM of its own under {@code prlimit --nofile}, and this test dials
 * it past its limit.
 */
class FdLimitTest {
  /** The server's open-file limit: its JVM takes a few dozen, its connections the rest. */
  private static final int LIMIT = 200;

  private static final int HELD = 100;

  @TempDir Path dir;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<NettyHost> clients = new ArrayList<>();
  private Process server;

  @AfterEach
  void close() throws InterruptedException {
    clients.forEach(NettyHost::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void atItsDescriptorLimitANodeRefusesNewConnectionsAndKeepsItsOwn() throws Exception {
    assumeTrue(new File("/usr/bin/prlimit").canExecute(), "needs util-linux prlimit");
    long started = System.nanoTime();
    Path stderr = dir.resolve("server.err");
    server = startServer(stderr);
    BlockingQueue<String> out = lines(server);
    String listening = next(out);
    assertThat(listening).startsWith("listening ");
    Multiaddr address = Multiaddr.parse(listening.substring("listening ".length()));
    BufferedWriter in =
        new BufferedWriter(
            new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8));

    // Below the limit: all connect, and each carries a stream.
    // A few at a time: a cold server given a hundred handshakes at once on a loaded machine is
    // slow to answer them, which is not what this test is about.
    List<Connection> held = new ArrayList<>();
    while (held.size() < HELD) {
      for (CompletableFuture<Connection> dial : dial(address, 10, Duration.ofSeconds(30))) {
        held.add(dial.get(60, TimeUnit.SECONDS));
      }
    }
    echoOnEach(held);
    // One connection closed and replaced before the limit: the close path's classes are loaded
    // (from target/classes a class load takes a descriptor; from a jar it does not).
    held.remove(0).close().get(10, TimeUnit.SECONDS);
    held.addAll(List.of(dial(address, 1, Duration.ofSeconds(30)).get(0).get(60, TimeUnit.SECONDS)));

    // Past the limit: the server finds no descriptor for these and does not accept them; they
    // wait in its backlog until their handshake deadline.
    int failed = 0;
    for (CompletableFuture<Connection> dial : dial(address, LIMIT, Duration.ofSeconds(3))) {
      failed += dial.handle((c, e) -> e == null ? 0 : 1).get(60, TimeUnit.SECONDS);
    }
    assertThat(failed).as("dials refused past the server's limit").isPositive();

    // What it held, it still holds, and serves.
    echoOnEach(held);
    String count = request(in, out, "count");
    assertThat(count).contains("acceptFailures=").doesNotContain("acceptFailures=0");
    assertThat(Integer.parseInt(count.replaceAll("connections=(\\d+).*", "$1")))
        .isGreaterThanOrEqualTo(HELD);

    // Room again: a connection closed frees a descriptor, and accepting resumes.
    for (Connection c : held.subList(0, 20)) {
      c.close().get(10, TimeUnit.SECONDS);
    }
    dial(address, 1, Duration.ofSeconds(30)).get(0).get(60, TimeUnit.SECONDS);

    // Said once (a WARN per 30 s for all listeners), without Netty's stack trace per attempt.
    in.close();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> log = Files.readAllLines(stderr);
    long periods = 1 + (System.nanoTime() - started) / AcceptBackoff.WARN_PERIOD.toNanos();
    assertThat(log)
        .filteredOn(l -> l.contains("cannot accept connections"))
        .hasSizeBetween(1, (int) periods);
    assertThat(log).noneMatch(l -> l.contains("reached at the tail of the pipeline"));
    assertThat(log).noneMatch(l -> l.contains("NoClassDefFoundError"));
  }

  private Process startServer(Path stderr) throws IOException {
    String classPath =
        Stream.of(System.getProperty("java.class.path"), System.getProperty("jdk.module.path"))
            .filter(p -> p != null && !p.isBlank())
            .reduce((a, b) -> a + File.pathSeparator + b)
            .orElseThrow();
    List<String> command =
        List.of(
            "/usr/bin/prlimit",
            "--nofile=" + LIMIT + ":" + LIMIT,
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            classPath,
            FdLimitedServer.class.getName());
    return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
  }

  private List<CompletableFuture<Connection>> dial(Multiaddr address, int count, Duration timeout) {
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      NettyHost client =
          new NettyHost(
              HostConfig.builder(Keys.generateEd25519())
                  .dialTimeout(timeout)
                  .meterRegistry(new SimpleMeterRegistry())
                  .build(),
              group);
      clients.add(client);
      dials.add(client.connect(address));
    }
    return dials;
  }

  private static void echoOnEach(List<Connection> connections) throws Exception {
    for (Connection c : connections) {
      try (org.subnetp2p.core.host.Stream s =
          c.newStream(List.of(FdLimitedServer.ECHO)).get(30, TimeUnit.SECONDS)) {
        s.write(new byte[] {7}, 0, 1);
        byte[] b = new byte[1];
        assertThat(s.read(b, 0, 1)).isEqualTo(1);
        assertThat(b[0]).isEqualTo((byte) 7);
      }
    }
  }

  private static BlockingQueue<String> lines(Process p) {
    BlockingQueue<String> q = new ArrayBlockingQueue<>(64);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  q.put(l);
                }
              } catch (IOException | InterruptedException e) {
                // the process ended
              }
            });
    return q;
  }

  private static String next(BlockingQueue<String> q) throws InterruptedException {
    String line = q.poll(60, TimeUnit.SECONDS);
    assertThat(line).as("a line from the server within 60 s").isNotNull();
    return line;
  }

  private static String request(BufferedWriter in, BlockingQueue<String> out, String command)
      throws IOException, InterruptedException {
    in.write(command);
    in.newLine();
    in.flush();
    return next(out);
  }
}
