package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PrivateKey;

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

  /**
   * The README's table of the host's settings names exactly the keys the code reads, and each
   * default it shows, read back through the setting, gives the code's default.
   */
  @Test
  void theReadmeTableNamesEveryKeyWithTheCodesDefault() throws Exception {
    // Surefire runs in the module's folder, just below the repository's.
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| `([^`]+)` \\|").matcher(readme);
    Map<String, String> documented = new LinkedHashMap<>();
    while (row.find()) {
      if (TransportSettings.KEYS.contains(row.group(1))) {
        documented.put(row.group(1), row.group(2));
      }
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(TransportSettings.KEYS);

    PrivateKey identity = Keys.generateEd25519();
    HostConfig defaults = HostConfig.builder(identity).build();
    documented.forEach(
        (key, value) ->
            assertThat(
                    TransportSettings.apply(
                            HostConfig.builder(identity), "transport.netty", Map.of(key, value))
                        .build())
                .as("the README's default of " + key + ", " + value)
                .isEqualTo(defaults));
  }
}
