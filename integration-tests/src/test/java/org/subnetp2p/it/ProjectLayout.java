package org.subnetp2p.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find what the reactor built: the node jar and the js peer. */
final class ProjectLayout {
  private ProjectLayout() {}

  /**
   * The project root: Failsafe passes {@code subnet.projectRoot}; from an IDE, the first folder
   * above the working directory that holds {@code node-app}.
   */
  static Path root() {
    String configured = System.getProperty("subnet.projectRoot");
    if (configured != null && Files.isDirectory(Path.of(configured, "node-app"))) {
      return Path.of(configured).toAbsolutePath();
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("node-app/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("project root (with node-app/) not found above " + cwd);
  }

  /** The runnable node jar; the reactor builds node-app before this module. */
  static Path nodeJar() {
    Path jar = root().resolve("node-app/target/subnet-node.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build node-app first (./mvnw -B -pl integration-tests -am verify)");
    }
    return jar;
  }

  /** The project's js-libp2p peer. */
  static Path jsPeer() {
    return root().resolve("interop/js-peer");
  }
}
