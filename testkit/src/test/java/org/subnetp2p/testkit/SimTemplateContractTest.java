package org.subnetp2p.testkit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.testing.RequestResponseContractTest;

/**
 * The request/response template's contract, run unchanged on simulated hosts: what a protocol can
 * observe of a host (fragmentation, deadlines, resets, limits) behaves as over TCP.
 */
class SimTemplateContractTest extends RequestResponseContractTest {
  private final SimNetwork network = SimNetwork.create();

  @Override
  protected Host newHost() {
    // A registry that records: the contract checks what the template counts.
    SimHost host =
        network.newHost(
            HostConfig.builder(Keys.generateEd25519())
                .listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"))
                .meterRegistry(new SimpleMeterRegistry())
                .build());
    host.start();
    return host;
  }

  @AfterEach
  void closeNetwork() {
    network.close();
  }
}
