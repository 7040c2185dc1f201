package org.subnetp2p.protocols.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.protocol.RequestResponseOptions;
import org.subnetp2p.core.protocol.spi.ProtocolProvider;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.core.testing.MemoryNetwork;
import org.subnetp2p.core.testing.TestPeers;

class TaskProtocolProviderTest {

  @Test
  void isFoundByServiceLoaderAsTask() {
    assertThat(ServiceLoader.load(ProtocolProvider.class).stream().map(p -> p.get().name()))
        .contains("task");
  }

  @Test
  void createsATaskProtocolOnTheHost() {
    var host = new MemoryNetwork().newHost(TestPeers.random());
    var protocol =
        new TaskProtocolProvider()
            .create(host, ProviderContext.of(host.peerId(), "protocol.task", Map.of()));

    assertThat(protocol.protocolId()).isEqualTo(TaskProtocol.PROTOCOL_ID);
    assertThat(host.protocols()).contains(TaskProtocol.PROTOCOL_ID);
    assertThat(protocol.options()).isEqualTo(RequestResponseOptions.DEFAULTS);
  }

  @Test
  void settingsTuneTheOptions() {
    var context =
        ProviderContext.of(
            TestPeers.random(),
            "protocol.task",
            Map.of("call-timeout", "5s", "max-message-size", "1024"));

    RequestResponseOptions options = TaskProtocolProvider.options(context);

    assertThat(options.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.maxMessageSize()).isEqualTo(1024);
    assertThat(options.inboundReadTimeout())
        .isEqualTo(RequestResponseOptions.DEFAULTS.inboundReadTimeout());
  }

  @Test
  void aBadSettingNamesItsFullKey() {
    var context =
        ProviderContext.of(TestPeers.random(), "protocol.task", Map.of("call-timeout", "soon"));

    assertThatThrownBy(() -> TaskProtocolProvider.options(context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("protocol.task.call-timeout")
        .hasMessageContaining("\"soon\"");
  }
}
