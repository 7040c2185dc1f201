package org.subnetp2p.transport.host;

import org.junit.jupiter.api.AfterEach;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.testing.RequestResponseContractTest;

/**
 * The request/response template's contract (core's in-memory tests) over real TCP sockets with
 * Noise and Yamux: fragmentation, size limits, deadlines, resets and concurrency limits as the
 * network really delivers them.
 */
class TemplateOverTcpTest extends RequestResponseContractTest {
  private final TestHosts hosts = new TestHosts();

  @Override
  protected Host newHost() throws Exception {
    return hosts.start();
  }

  @AfterEach
  void closeHosts() {
    hosts.close();
  }
}
