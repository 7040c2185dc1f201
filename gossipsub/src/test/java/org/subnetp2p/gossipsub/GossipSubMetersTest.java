package org.subnetp2p.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;

/** GossipSub's meters in its host's registry. */
class GossipSubMetersTest {
  @Test
  void aTopicsMeshGaugeIsThereAsSoonAsItIsJoinedBeforeAnyHeartbeat() throws Exception {
    PrivateKey key = Keys.generateEd25519();
    MeterRegistry registry = new SimpleMeterRegistry();
    GossipSubConfig noHeartbeatYet =
        GossipSubConfig.builder().heartbeatInitialDelay(Duration.ofHours(1)).build();
    try (Host host = Hosts.create(HostConfig.builder(key).meterRegistry(registry).build());
        GossipSub pubsub = GossipSub.create(host, key, noHeartbeatYet)) {
      assertThat(registry.find("subnet.pubsub.mesh.peers").gauges()).isEmpty();

      pubsub.subscribe("t", m -> {});

      Gauge mesh = registry.find("subnet.pubsub.mesh.peers").tag("topic", "t").gauge();
      assertThat(mesh).isNotNull();
      assertThat(mesh.value()).isZero();
    }
  }
}
