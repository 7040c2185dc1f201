package org.subnetp2p.testkit;

import org.junit.jupiter.api.AfterEach;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.testing.RequestResponseContractTest;

/**
 * The request/response template's contract, run unchanged on simulated hosts: what a protocol can
 * observe of a host (fragmentation, deadlines, resets, limits) behaves as over TCP.
 */
class SimTemplateContractTest extends RequestResponseContractTest {
  private final SimNetwork network = SimNetwork.create();

  @Override
  protected Host newHost() {
    SimHost host = network.newHost();
    host.start();
    return host;
  }

  @AfterEach
  void closeNetwork() {
    network.close();
  }
}
