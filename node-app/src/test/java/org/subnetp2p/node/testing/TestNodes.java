package org.subnetp2p.node.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.node.Node;
import org.subnetp2p.node.NodeConfig;
import org.subnetp2p.node.ProviderRegistry;

/**
 * The in-process nodes a test creates, each with a fresh identity unless given one, all closed
 * after the test. Registered with {@code @RegisterExtension}. (In a package of its own, which the
 * module does not export, so that tests in every package can use it.)
 */
public final class TestNodes implements AfterEachCallback {
  private final List<Node> nodes = new ArrayList<>();

  /** A node of {@code config}, not started. */
  public Node create(NodeConfig config) {
    return add(Node.create(config, Keys.generateEd25519()));
  }

  /** A node of {@code config} assembled from {@code registry}'s providers, not started. */
  public Node create(NodeConfig config, ProviderRegistry registry) {
    return add(Node.create(config, Keys.generateEd25519(), registry));
  }

  /** A node of {@code config}, started. */
  public Node start(NodeConfig config) throws IOException {
    Node node = create(config);
    node.start();
    return node;
  }

  /** Closes {@code node} after the test. */
  public Node add(Node node) {
    nodes.add(node);
    return node;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    nodes.forEach(Node::close);
    nodes.clear();
  }
}
