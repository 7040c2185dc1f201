package org.subnetp2p.it;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Once per test run (whichever test class comes first): checks the environment, removes what dead
 * runs left, builds the images from the freshly built node jar and the js peer. At the end of the
 * run (or on Ctrl-C) removes every container, network and volume this run created. Test classes get
 * the {@link Run} as a parameter. Without Docker the run fails: nothing is skipped.
 */
final class DockerSuite implements BeforeAllCallback, ParameterResolver {
  private static final Logger LOG = LoggerFactory.getLogger(DockerSuite.class);
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DockerSuite.class);

  /** Testcontainers reads these from the environment only; without them it hangs on pulls. */
  private static final Map<String, String> REQUIRED_ENVIRONMENT =
      Map.of(
          "TESTCONTAINERS_RYUK_DISABLED", "true",
          "TESTCONTAINERS_CHECKS_DISABLE", "true",
          "TESTCONTAINERS_HOST_OVERRIDE", "localhost");

  @Override
  public void beforeAll(ExtensionContext context) {
    run(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Run.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return run(context);
  }

  private static Run run(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Run.class, key -> Run.start(), Run.class);
  }

  /** What a run shares: the Docker client and the images. Closed by JUnit at the end. */
  static final class Run implements AutoCloseable {
    private final DockerClient docker;
    private final Leftovers leftovers;
    private final String nodeImage;
    private final String jsPeerImage;
    private String anvilImage;

    private Run(DockerClient docker, Leftovers leftovers, String nodeImage, String jsPeerImage) {
      this.docker = docker;
      this.leftovers = leftovers;
      this.nodeImage = nodeImage;
      this.jsPeerImage = jsPeerImage;
    }

    /** The anvil image, built on first use (only the chain tests need it). */
    synchronized String anvilImage() {
      if (anvilImage == null) {
        try {
          anvilImage =
              new ImageBuilder(docker)
                  .anvilImage(org.subnetp2p.discovery.chain.devnet.Anvil.binary());
        } catch (IOException e) {
          throw new IllegalStateException("building the anvil image failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while building the anvil image", e);
        }
      }
      return anvilImage;
    }

    private static Run start() {
      checkEnvironment();
      DockerClient docker = dockerClient();
      Leftovers leftovers = new Leftovers(docker);
      leftovers.removeOrphans();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> quietly(leftovers::removeOwnedByThisRun)));
      long start = System.nanoTime();
      ImageBuilder images = new ImageBuilder(docker);
      try {
        String node = images.nodeImage(ProjectLayout.nodeJar());
        String jsPeer = images.jsPeerImage(ProjectLayout.jsPeer());
        leftovers.removeStaleImages(images.tags());
        LOG.info("images ready in {} ms", (System.nanoTime() - start) / 1_000_000);
        return new Run(docker, leftovers, node, jsPeer);
      } catch (IOException e) {
        throw new IllegalStateException("building the test images failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while building the test images", e);
      }
    }

    String nodeImage() {
      return nodeImage;
    }

    String jsPeerImage() {
      return jsPeerImage;
    }

    /** A new internal network for one test class; close it when the class is done. */
    TestNetwork newNetwork(String purpose) {
      return new TestNetwork(docker, purpose);
    }

    @Override
    public void close() {
      leftovers.removeOwnedByThisRun();
    }

    private static void checkEnvironment() {
      List<String> missing =
          REQUIRED_ENVIRONMENT.entrySet().stream()
              .filter(e -> !e.getValue().equals(System.getenv(e.getKey())))
              .map(e -> e.getKey() + "=" + e.getValue())
              .sorted()
              .toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "set "
                + String.join(" ", missing)
                + " in the environment (Failsafe and .ci/run do): without them Testcontainers"
                + " tries to pull images and hangs, as no registry is reachable");
      }
    }

    private static DockerClient dockerClient() {
      try {
        return DockerClientFactory.instance().client();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "Docker is not available (" + e.getMessage() + "): run `bash .ci/docker.sh`", e);
      }
    }

    private static void quietly(Runnable cleanup) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        // the JVM is going down; the next run removes what is left
      }
    }
  }
}
