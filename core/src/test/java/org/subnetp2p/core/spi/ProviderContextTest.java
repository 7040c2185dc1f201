package org.subnetp2p.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.subnetp2p.core.testing.TestPeers;

class ProviderContextTest {
  private static ProviderContext context(Map<String, String> settings) {
    return ProviderContext.of(TestPeers.random(), "discovery.chain", settings);
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "30s, 30000", "2m, 120000", "1h, 3600000", "PT1.5S, 1500"})
  void readsDurations(String value, long millis) {
    assertThat(context(Map.of("poll", value)).duration("poll", Duration.ZERO))
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "0s", "-1s", "10", "1d"})
  void rejectsOtherDurationsNamingTheFullKey(String value) {
    assertThatThrownBy(() -> context(Map.of("poll", value)).duration("poll", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("discovery.chain.poll")
        .hasMessageContaining(value);
  }

  @Test
  void unsetSettingsTakeTheirDefault() {
    ProviderContext c = context(Map.of());
    assertThat(c.duration("poll", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.positiveInt("limit", 7)).isEqualTo(7);
    assertThat(c.setting("rpc-url")).isEmpty();
  }

  @Test
  void readsPositiveIntegers() {
    assertThat(context(Map.of("limit", "12")).positiveInt("limit", 1)).isEqualTo(12);
    assertThatThrownBy(() -> context(Map.of("limit", "0")).positiveInt("limit", 1))
        .hasMessageContaining("discovery.chain.limit");
  }
}
