package org.subnetp2p.node.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node processes a test starts, in its directory, each closed (killed if still running) after
 * the test. Registered with {@code @RegisterExtension}.
 */
final class NodeProcesses implements AfterEachCallback {
  private final Supplier<Path> dir;
  private final List<NodeProcess> started = new ArrayList<>();

  /**
   * @param dir the test's directory (its {@code @TempDir}), asked when a process starts
   */
  NodeProcesses(Supplier<Path> dir) {
    this.dir = dir;
  }

  /** Starts {@code subnet-node args...}, with {@code env} added to a clean environment. */
  NodeProcess start(Map<String, String> env, String... args) throws IOException {
    NodeProcess p = NodeProcess.start(dir.get(), env, args);
    started.add(p);
    return p;
  }

  /** Starts {@code subnet-node args...}. */
  NodeProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(NodeProcess::close);
    started.clear();
  }
}
