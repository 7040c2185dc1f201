package org.subnetp2p.it;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;

/**
 * One node ({@code subnet-node run}) in a container. Its identity file lives on a named volume, so
 * a new container on the same volume is the same peer. Ready once it prints its listen address on
 * the test network (it prints one per interface).
 */
final class NodeContainer extends PeerContainer<NodeContainer> {
  /** Where the image keeps the jar. */
  static final String JAR = "/app/subnet-node.jar";

  /**
   * How the image runs Java, for {@code run} and {@code call} alike: C1 only and the serial GC,
   * because many JVMs share two cores and live for seconds.
   */
  static final List<String> JAVA_COMMAND =
      List.of(
          "/opt/java/bin/java",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xmx256m",
          "-jar",
          JAR);

  /**
   * Time for a {@code call} JVM to start and stop, on two busy cores; the call's own deadline comes
   * on top.
   */
  static final Duration JVM_ALLOWANCE = Duration.ofSeconds(15);

  static final int PORT = 4001;
  private static final String IDENTITY = "/data/identity.key";
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);
  private static final Pattern LISTEN_LINE =
      Pattern.compile("^/ip4/([0-9.]+)/tcp/" + PORT + "/p2p/(\\w+)$");

  /** A container running {@code subnet-node <arguments>}, its identity volume on /data. */
  NodeContainer(
      String image,
      TestNetwork network,
      String alias,
      String identityVolume,
      List<String> arguments) {
    super(image, network, alias, STARTUP_DEADLINE);
    withCommand(arguments.toArray(String[]::new));
    withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withBinds(new Bind(identityVolume, new Volume("/data"))));
  }

  /**
   * A node that serves the task protocol on {@link #PORT} of every interface.
   *
   * @param bootstrap the multiaddr of the node to join, or null for the bootstrap node itself
   */
  static NodeContainer runNode(
      String image, TestNetwork network, String alias, String identityVolume, String bootstrap) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--listen",
                "/ip4/0.0.0.0/tcp/" + PORT,
                "--identity",
                IDENTITY,
                "--protocols",
                "task"));
    if (bootstrap != null) {
      arguments.addAll(List.of("--bootstrap", bootstrap));
    }
    return new NodeContainer(image, network, alias, identityVolume, arguments);
  }

  @Override
  protected boolean isReady() {
    return printedAddress(ipOnTestNetwork()).isPresent();
  }

  @Override
  protected String readiness() {
    return "printing its listen address /ip4/<its ip>/tcp/" + PORT + "/p2p/<id>";
  }

  /** The address the node printed for the test network, ending in {@code /p2p/<id>}. */
  String address() {
    return printedAddress(ipOnTestNetwork())
        .orElseThrow(
            () -> new IllegalStateException(alias() + " printed no address\n" + logTail()));
  }

  String peerId() {
    Matcher m = LISTEN_LINE.matcher(address());
    if (!m.matches()) {
      throw new IllegalStateException("unexpected address " + address());
    }
    return m.group(2);
  }

  /** Every line the node printed on stdout. */
  List<String> printedLines() {
    return stdout();
  }

  /**
   * Runs {@code subnet-node call --timeout <callTimeout>} inside this container (a second JVM in
   * the node's network namespace). Bounded here too, by the timeout plus {@link #JVM_ALLOWANCE}, so
   * a call that ignores its deadline fails the test instead of hanging it.
   */
  CallResult call(String target, String taskId, String payload, Duration callTimeout) {
    return call(target, taskId, payload, callTimeout, List.of());
  }

  /** The same, with more {@code call} arguments, e.g. {@code --identity F}. */
  CallResult call(
      String target, String taskId, String payload, Duration callTimeout, List<String> more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "call",
                target,
                "--task-id",
                taskId,
                "--payload",
                payload,
                "--timeout",
                callTimeout.toSeconds() + "s"));
    arguments.addAll(more);
    return exec(target, payload, callTimeout.plus(JVM_ALLOWANCE), Map.of(), arguments);
  }

  /**
   * Runs {@code subnet-node <arguments>} inside this container with {@code env}, e.g. a {@code
   * registry} command; bounded by {@code deadline}.
   */
  CallResult command(Duration deadline, Map<String, String> env, String... arguments) {
    return exec(String.join(" ", arguments), "", deadline, env, List.of(arguments));
  }

  private CallResult exec(
      String target,
      String payload,
      Duration deadline,
      Map<String, String> env,
      List<String> arguments) {
    List<String> command = new ArrayList<>(JAVA_COMMAND);
    command.addAll(arguments);
    long start = System.nanoTime();
    // A thread of its own, abandoned on timeout: the exec ends when the container is removed.
    CompletableFuture<ExecResult> exec = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("call from " + alias())
        .start(
            () -> {
              try {
                exec.complete(
                    execInContainer(
                        ExecConfig.builder()
                            .command(command.toArray(String[]::new))
                            .envVars(env)
                            .build()));
              } catch (Exception e) {
                exec.completeExceptionally(e);
              }
            });
    try {
      ExecResult result = exec.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return new CallResult(
          alias(),
          target,
          payload,
          result.getExitCode(),
          result.getStdout(),
          result.getStderr(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      return CallResult.timedOut(alias(), target, payload, deadline);
    } catch (ExecutionException e) {
      throw new IllegalStateException("docker exec in " + alias() + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** SIGKILL: no shutdown hook runs, the peer vanishes as in a crash. */
  void kill() {
    getDockerClient().killContainerCmd(getContainerId()).withSignal("KILL").exec();
  }

  private Optional<String> printedAddress(String ip) {
    return stdout().stream()
        .filter(line -> LISTEN_LINE.matcher(line).matches())
        .filter(line -> line.startsWith("/ip4/" + ip + "/"))
        .findFirst();
  }
}
