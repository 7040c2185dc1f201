package org.subnetp2p.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.ContainerLaunchException;

/**
 * The fixtures' promise: a node that cannot start fails the test with its own output attached, at
 * once, instead of a bare timeout or a skip.
 */
@ExtendWith(DockerSuite.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartupFailureIT {

  @Test
  void aNodeThatCannotStartFailsWithItsOutput(DockerSuite.Run run) {
    try (TestNetwork network = run.newNetwork("startup-failure");
        NodeContainer node =
            new NodeContainer(
                run.nodeImage(),
                network,
                "broken",
                network.newVolume("broken-identity"),
                List.of("run", "--listen", "/ip4/0.0.0.0/udp/not-a-port"))) {
      assertThatThrownBy(node::start)
          .isInstanceOf(ContainerLaunchException.class)
          .hasMessageContaining("broken did not start")
          .hasMessageContaining("--- output of broken ---")
          .hasMessageContaining("not-a-port");
    }
  }
}
