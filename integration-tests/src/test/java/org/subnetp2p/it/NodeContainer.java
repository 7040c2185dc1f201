package org.subnetp2p.it;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * One node ({@code subnet-node run}) in a container on a {@link TestNetwork}, reachable by its
 * network alias. Its identity lives on a named volume, so a new container on the same volume is the
 * same peer. Ready once it prints its listen address on the test network.
 */
final class NodeContainer extends GenericContainer<NodeContainer> {
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

  static final int PORT = 4001;
  private static final String IDENTITY = "/data/identity.key";
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(90);
  private static final Pattern LISTEN_LINE =
      Pattern.compile("^/ip4/([0-9.]+)/tcp/" + PORT + "/p2p/(\\w+)$");

  private final String alias;
  private final TestNetwork network;
  private final ContainerLog log;

  /**
   * @param bootstrap the multiaddr of the node to join, or null for the bootstrap node itself
   */
  NodeContainer(
      String image, TestNetwork network, String alias, String identityVolume, String bootstrap) {
    super(DockerImageName.parse(image));
    this.alias = alias;
    this.network = network;
    this.log = new ContainerLog(alias);
    List<String> command =
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
      command.addAll(List.of("--bootstrap", bootstrap));
    }
    withCommand(command.toArray(String[]::new));
    withNetwork(network);
    withNetworkAliases(alias);
    withLabels(Labels.forContainers());
    withImagePullPolicy(name -> false); // built locally; there is no registry to pull from
    withLogConsumer(log);
    withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withBinds(new Bind(identityVolume, new Volume("/data"))));
    waitingFor(new ListenAddressPrinted().withStartupTimeout(STARTUP_DEADLINE));
  }

  String alias() {
    return alias;
  }

  /** Starts the container; a failure carries the container's output. */
  @Override
  public void start() {
    try {
      super.start();
    } catch (RuntimeException e) {
      throw new ContainerLaunchException(
          "node " + alias + " did not start: " + e.getMessage() + "\n" + log.tail(), e);
    }
  }

  /** The address the node printed for the test network, ending in {@code /p2p/<id>}. */
  String address() {
    String ip = ipOnTestNetwork().orElseThrow();
    return printedAddress(ip)
        .orElseThrow(() -> new IllegalStateException(alias + " printed no address\n" + log.tail()));
  }

  /** The address by network alias, which the transport resolves with DNS. */
  String aliasAddress() {
    return "/dns4/" + alias + "/tcp/" + PORT + "/p2p/" + peerId();
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
    return log.stdout();
  }

  /** The last lines of the node's output, for failure messages. */
  String logTail() {
    return log.tail();
  }

  /**
   * Runs {@code subnet-node call} inside this container (a second JVM in the node's network
   * namespace), bounded by {@code deadline} even if the call hangs.
   */
  CallResult call(String target, String taskId, String payload, Duration deadline) {
    List<String> command = new ArrayList<>(JAVA_COMMAND);
    command.addAll(List.of("call", target, "--task-id", taskId, "--payload", payload));
    long start = System.nanoTime();
    // A thread of its own, abandoned on timeout: the exec ends when the container is removed.
    CompletableFuture<ExecResult> exec = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("call from " + alias)
        .start(
            () -> {
              try {
                exec.complete(execInContainer(command.toArray(String[]::new)));
              } catch (Exception e) {
                exec.completeExceptionally(e);
              }
            });
    try {
      ExecResult result = exec.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return new CallResult(
          alias,
          target,
          payload,
          result.getExitCode(),
          result.getStdout(),
          result.getStderr(),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      return CallResult.timedOut(alias, target, payload, deadline);
    } catch (ExecutionException e) {
      throw new IllegalStateException("docker exec in " + alias + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** SIGKILL: no shutdown hook runs, the peer vanishes as in a crash. */
  void kill() {
    getDockerClient().killContainerCmd(getContainerId()).withSignal("KILL").exec();
  }

  private Optional<String> ipOnTestNetwork() {
    ContainerNetwork net =
        getContainerInfo().getNetworkSettings().getNetworks().get(network.name());
    return Optional.ofNullable(net).map(ContainerNetwork::getIpAddress);
  }

  private Optional<String> printedAddress(String ip) {
    return log.stdout().stream()
        .filter(line -> LISTEN_LINE.matcher(line).matches())
        .filter(line -> line.startsWith("/ip4/" + ip + "/"))
        .findFirst();
  }

  /** Waits for the listen line on the test network's IP; gives up at once if the node exits. */
  private final class ListenAddressPrinted extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      String ip =
          Optional.ofNullable(
                  waitStrategyTarget
                      .getContainerInfo()
                      .getNetworkSettings()
                      .getNetworks()
                      .get(network.name()))
              .map(ContainerNetwork::getIpAddress)
              .orElseThrow(() -> new IllegalStateException("not on network " + network.name()));
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (printedAddress(ip).isEmpty()) {
        if (!waitStrategyTarget.isRunning()) {
          throw new ContainerLaunchException(alias + " exited before printing its address");
        }
        if (System.nanoTime() > deadline) {
          throw new ContainerLaunchException(
              alias
                  + " printed no /ip4/"
                  + ip
                  + "/tcp/"
                  + PORT
                  + "/p2p/… within "
                  + startupTimeout);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ContainerLaunchException("interrupted", e);
        }
      }
    }
  }
}
