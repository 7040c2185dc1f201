package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;

class TransportSettingsTest {
  private static HostConfig apply(Map<String, String> settings) {
    return TransportSettings.apply(
            HostConfig.builder(Keys.generateEd25519()), "transport.netty", settings)
        .build();
  }

  @Test
  void unsetKeysKeepTheHostDefaults() {
    HostConfig c = apply(Map.of());
    assertThat(c.keepAliveInterval()).isEqualTo(HostConfig.DEFAULT_KEEP_ALIVE_INTERVAL);
    assertThat(c.keepAliveTimeout()).isEqualTo(HostConfig.DEFAULT_KEEP_ALIVE_TIMEOUT);
    assertThat(c.idleTimeout()).isZero();
    assertThat(c.connectionMemory()).isEqualTo(HostConfig.DEFAULT_CONNECTION_MEMORY);
    assertThat(c.hostMemory()).isEqualTo(HostConfig.DEFAULT_HOST_MEMORY);
  }

  @Test
  void everyKeySetsItsField() {
    HostConfig c =
        apply(
            Map.of(
                "keepalive-interval", "off",
                "keepalive-timeout", "5s",
                "idle-timeout", "2m",
                "dial-timeout", "3s",
                "max-connections", "10",
                "max-streams-per-connection", "64",
                "connection-memory", "4MiB",
                "host-memory", "1GiB"));
    assertThat(c.keepAliveInterval()).isZero();
    assertThat(c.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.dialTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.maxConnections()).isEqualTo(10);
    assertThat(c.maxInboundStreamsPerConnection()).isEqualTo(64);
    assertThat(c.connectionMemory()).isEqualTo(4L << 20);
    assertThat(c.hostMemory()).isEqualTo(1L << 30);
  }

  @Test
  void aBadValueIsNamedByItsFullKey() {
    assertThatThrownBy(() -> apply(Map.of("connection-memory", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport.netty.connection-memory")
        .hasMessageContaining("16MiB");
    assertThatThrownBy(() -> apply(Map.of("keepalive-timeout", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport.netty.keepalive-timeout");
    assertThatThrownBy(() -> apply(Map.of("max-connections", "1KiB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport.netty.max-connections");
  }
}
