package org.subnetp2p.it;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
   * Time for a {@code call} JVM to start and stop, on top of the call's own deadline. Generous: it
   * only bounds a call that never ends, and a JVM starting in a container took over 15 s at a load
   * average of 100 on two cores (a call to a killed node was then counted as hanging).
   */
  static final Duration JVM_ALLOWANCE = Duration.ofSeconds(60);

  static final int PORT = 4001;
  static final String IDENTITY = "/data/identity.key";
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);
  private final int port;
  private final Pattern listenLine;

  /** A container running {@code subnet-node <arguments>}, its identity volume on /data. */
  NodeContainer(
      String image,
      TestNetwork network,
      String alias,
      String identityVolume,
      List<String> arguments) {
    this(image, network, alias, identityVolume, PORT, arguments);
  }

  /** The same, for a node that listens on {@code port} rather than {@link #PORT}. */
  NodeContainer(
      String image,
      TestNetwork network,
      String alias,
      String identityVolume,
      int port,
      List<String> arguments) {
    super(image, network, alias, STARTUP_DEADLINE);
    this.port = port;
    this.listenLine = Pattern.compile("^/ip4/([0-9.]+)/tcp/" + port + "/p2p/(\\w+)$");
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
    return runNode(image, network, alias, identityVolume, bootstrap, PORT, List.of());
  }

  /** The same on {@code port}, with more {@code run} arguments, e.g. {@code --discovery gossip}. */
  static NodeContainer runNode(
      String image,
      TestNetwork network,
      String alias,
      String identityVolume,
      String bootstrap,
      int port,
      List<String> more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--listen",
                "/ip4/0.0.0.0/tcp/" + port,
                "--identity",
                IDENTITY,
                "--protocols",
                "task"));
    if (bootstrap != null) {
      arguments.addAll(List.of("--bootstrap", bootstrap));
    }
    arguments.addAll(more);
    return new NodeContainer(image, network, alias, identityVolume, port, arguments);
  }

  @Override
  protected boolean isReady() {
    return printedAddress(ipOnTestNetwork()).isPresent();
  }

  @Override
  protected String readiness() {
    return "printing its listen address /ip4/<its ip>/tcp/" + port + "/p2p/<id>";
  }

  /** The address the node printed for the test network, ending in {@code /p2p/<id>}. */
  String address() {
    return printedAddress(ipOnTestNetwork())
        .orElseThrow(
            () -> new IllegalStateException(alias() + " printed no address\n" + logTail()));
  }

  /** The TCP port the node listens on. */
  int port() {
    return port;
  }

  String peerId() {
    Matcher m = listenLine.matcher(address());
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
    try {
      ExecResult result =
          execWithin(
              "call from " + alias(),
              deadline,
              () ->
                  execInContainer(
                      ExecConfig.builder()
                          .command(command.toArray(String[]::new))
                          .envVars(env)
                          .build()));
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
    }
  }

  /**
   * Runs {@code exec} (a {@code docker exec} in this container) on a thread of its own, abandoned
   * after {@code deadline}: the exec ends when the container is removed.
   *
   * @throws TimeoutException if it has not ended by {@code deadline}
   * @throws IllegalStateException if the exec fails or the wait is interrupted
   */
  private ExecResult execWithin(String thread, Duration deadline, Callable<ExecResult> exec)
      throws TimeoutException {
    CompletableFuture<ExecResult> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name(thread)
        .start(
            () -> {
              try {
                result.complete(exec.call());
              } catch (Exception e) {
                result.completeExceptionally(e);
              }
            });
    try {
      return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("docker exec in " + alias() + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Where a node started with {@code --admin} + {@link #ADMIN} serves, inside its container. */
  static final String ADMIN = "127.0.0.1:9090";

  private static final String PROBE_DIR = "/tmp/probe";
  private static final Duration PROBE_DEADLINE = Duration.ofSeconds(20);
  private boolean probeCopied;
  private CliSession cli;

  /**
   * GETs {@code path} (e.g. {@code /status}) from the node's admin endpoint ({@code --admin} {@link
   * #ADMIN}), from inside its container: {@link AdminProbe} run by the container's Java.
   *
   * @return the body
   * @throws IllegalStateException if the probe fails or overruns its deadline
   */
  String admin(String path) {
    copyProbes();
    List<String> command =
        List.of(
            JAVA_COMMAND.get(0),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            PROBE_DIR,
            AdminProbe.class.getName(),
            "http://" + ADMIN + path);
    try {
      ExecResult r =
          execWithin(
              "admin probe of " + alias(),
              PROBE_DEADLINE,
              () -> execInContainer(command.toArray(String[]::new)));
      if (r.getExitCode() != 0) {
        throw new IllegalStateException(
            alias() + path + " failed: " + r.getStdout() + r.getStderr());
      }
      return r.getStdout();
    } catch (TimeoutException e) {
      throw new IllegalStateException(alias() + path + " did not answer in " + PROBE_DEADLINE);
    }
  }

  /**
   * The node's {@link CliSession}, started on first use: {@code subnet-node} commands (and admin
   * reads) from one long-lived JVM in this container, rather than one JVM per command. It ends with
   * the container.
   */
  synchronized CliSession cli() {
    if (cli == null) {
      copyProbes();
      List<String> command = new ArrayList<>(JAVA_COMMAND.subList(0, JAVA_COMMAND.size() - 2));
      command.addAll(
          List.of("-cp", JAR + ":" + PROBE_DIR, CliServer.class.getName(), "http://" + ADMIN));
      cli = CliSession.start(getDockerClient(), getContainerId(), alias(), command);
    }
    return cli;
  }

  /** Puts the classes run by {@link #admin} and {@link #cli} into the container, once. */
  private synchronized void copyProbes() {
    if (!probeCopied) {
      for (Class<?> c :
          List.of(
              AdminProbe.class,
              AdminProbe.Response.class,
              CliServer.class,
              DelayLine.class,
              DelayLine.Chunk.class)) {
        String classFile = c.getName().replace('.', '/') + ".class";
        copyFileToContainer(
            org.testcontainers.utility.MountableFile.forClasspathResource(classFile),
            PROBE_DIR + "/" + classFile);
      }
      probeCopied = true;
    }
  }

  @Override
  public void stop() {
    synchronized (this) {
      if (cli != null) {
        cli.close();
      }
    }
    super.stop();
  }

  /** SIGKILL: no shutdown hook runs, the peer vanishes as in a crash. */
  void kill() {
    getDockerClient().killContainerCmd(getContainerId()).withSignal("KILL").exec();
  }

  private Optional<String> printedAddress(String ip) {
    return stdout().stream()
        .filter(line -> listenLine.matcher(line).matches())
        .filter(line -> line.startsWith("/ip4/" + ip + "/"))
        .findFirst();
  }
}
