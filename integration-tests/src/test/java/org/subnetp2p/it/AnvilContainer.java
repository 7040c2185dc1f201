package org.subnetp2p.it;

import java.time.Duration;

/**
 * A local EVM chain (anvil) in a container on a {@link TestNetwork}, one block a second as a real
 * chain makes them; the nodes reach it at {@code http://<alias>:8545}. Ready once it listens.
 */
final class AnvilContainer extends PeerContainer<AnvilContainer> {
  static final int PORT = 8545;
  private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);

  AnvilContainer(String image, TestNetwork network, String alias) {
    super(image, network, alias, STARTUP_DEADLINE);
    withCommand("--block-time", "1");
  }

  @Override
  protected boolean isReady() {
    return stdout().stream().anyMatch(l -> l.contains("Listening on 0.0.0.0:" + PORT));
  }

  @Override
  protected String readiness() {
    return "listening on port " + PORT;
  }

  /** Its JSON-RPC endpoint for containers on the network. */
  String rpcUrl() {
    return "http://" + alias() + ":" + PORT;
  }
}
