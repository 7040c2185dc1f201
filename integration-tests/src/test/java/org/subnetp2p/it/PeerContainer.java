package org.subnetp2p.it;

import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A peer in a container on a {@link TestNetwork}, known there by its alias. Ready when {@link
 * #isReady()} says so (from its output); a peer that exits or misses its startup deadline fails
 * {@link #start()} at once, with its output in the exception's message.
 */
abstract class PeerContainer<SELF extends PeerContainer<SELF>> extends GenericContainer<SELF> {
  private static final long POLL_MILLIS = 100;

  private final String alias;
  private final TestNetwork network;
  private final ContainerLog log;

  /** Testcontainers removes a container that failed to start: its output is kept here first. */
  private volatile String outputAtFailure;

  PeerContainer(String image, TestNetwork network, String alias, Duration startupDeadline) {
    super(DockerImageName.parse(image));
    this.alias = alias;
    this.network = network;
    this.log = new ContainerLog(alias, this::onStdout);
    withNetwork(network);
    withNetworkAliases(alias);
    withLabels(Labels.forContainers());
    withImagePullPolicy(name -> false); // built locally; there is no registry to pull from
    withLogConsumer(log);
    waitingFor(new UntilReady().withStartupTimeout(startupDeadline));
  }

  /** Whether the peer is ready, judged from its output so far. */
  protected abstract boolean isReady();

  /** What {@link #isReady()} waits for, for the failure message. */
  protected abstract String readiness();

  /** Called with each stdout line as it arrives. */
  protected void onStdout(String line) {}

  String alias() {
    return alias;
  }

  /** The lines the peer printed on stdout so far. */
  protected java.util.List<String> stdout() {
    return log.stdout();
  }

  /** Waits until a line of its output (either stream) matches; false after {@code deadline}. */
  boolean awaitOutput(Predicate<String> match, Duration deadline) throws InterruptedException {
    return log.awaitLine(match, deadline);
  }

  /** The last lines of the peer's output, for failure messages. */
  String logTail() {
    return log.tail();
  }

  /** The container's address on the test network (known once it has started). */
  protected String ipOnTestNetwork() {
    return Optional.ofNullable(
            getContainerInfo().getNetworkSettings().getNetworks().get(network.name()))
        .map(ContainerNetwork::getIpAddress)
        .orElseThrow(() -> new IllegalStateException(alias + " is not on " + network.name()));
  }

  @Override
  public void start() {
    try {
      super.start();
    } catch (RuntimeException e) {
      String output = outputAtFailure != null ? outputAtFailure : log.tail();
      throw new ContainerLaunchException(
          alias + " did not start: " + e.getMessage() + "\n" + output, e);
    }
  }

  /** Docker's copy of the output is complete even when the log consumer still lags behind. */
  private String outputFromDocker() {
    try {
      return "--- output of " + alias + " ---\n" + getLogs() + "--- end ---";
    } catch (RuntimeException e) {
      return log.tail();
    }
  }

  private final class UntilReady extends AbstractWaitStrategy {
    @Override
    protected void waitUntilReady() {
      long deadline = System.nanoTime() + startupTimeout.toNanos();
      while (!isReady()) {
        String failure = null;
        if (!waitStrategyTarget.isRunning()) {
          failure = alias + " exited before " + readiness();
        } else if (System.nanoTime() > deadline) {
          failure = alias + " did not reach " + readiness() + " within " + startupTimeout;
        }
        if (failure != null) {
          outputAtFailure = outputFromDocker();
          throw new ContainerLaunchException(failure);
        }
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ContainerLaunchException("interrupted while waiting for " + alias, e);
        }
      }
    }
  }
}
