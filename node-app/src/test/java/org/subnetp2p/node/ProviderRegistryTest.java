package org.subnetp2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.protocols.task.TaskProtocolProvider;

class ProviderRegistryTest {

  @Test
  void serviceLoaderFindsEveryKind() {
    ProviderRegistry registry = ProviderRegistry.load();

    assertThat(registry.hosts()).containsOnlyKeys("netty");
    assertThat(registry.protocols()).containsOnlyKeys("task");
    assertThat(registry.gaters()).containsOnlyKeys("allow-all", "chain", "pos");
    // discovery-chain's, the DHT's, and this test class path's own
    assertThat(registry.discoveries()).containsKeys("chain", "dht", "static");
  }

  @Test
  void anUnknownNameFailsNamingTheKnownOnes() {
    assertThatThrownBy(
            () ->
                ProviderRegistry.select(
                    ProviderKind.PROTOCOL, Map.of("task", new TaskProtocolProvider()), "foo"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown protocol \"foo\"; known: task");
    assertThatThrownBy(() -> ProviderRegistry.select(ProviderKind.DISCOVERY, Map.of(), "chain"))
        .hasMessage("unknown discovery provider \"chain\"; known: none");
  }

  @Test
  void knownNamesAreListedSorted() {
    assertThatThrownBy(
            () -> ProviderRegistry.select(ProviderKind.GATER, Map.of("b", 1, "a", 2, "c", 3), "x"))
        .hasMessage("unknown gater \"x\"; known: a, b, c");
  }

  @Test
  void twoProvidersOfOneNameAreRefused() {
    assertThatThrownBy(
            () ->
                new ProviderRegistry(
                    Hosts.providers(),
                    List.of(new TaskProtocolProvider(), new TaskProtocolProvider()),
                    List.of(),
                    List.of(new AllowAllGaterProvider())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("two protocol providers are named \"task\"");
  }

  @Test
  void settingKeysAreThoseOfTheSelectedProvidersWithTheirPrefix() {
    ProviderRegistry registry = ProviderRegistry.load();

    assertThat(registry.settingKeys("netty", List.of("task"), List.of("static"), "allow-all"))
        .contains("protocol.task.call-timeout", "protocol.task.max-message-size")
        .contains("discovery.static.peers");
    assertThat(registry.settingKeys("netty", List.of(), List.of(), "allow-all"))
        .containsExactlyInAnyOrder(
            "transport.netty.keepalive-interval",
            "transport.netty.keepalive-timeout",
            "transport.netty.idle-timeout",
            "transport.netty.dial-timeout",
            "transport.netty.max-connections",
            "transport.netty.max-streams-per-connection",
            "transport.netty.connection-memory",
            "transport.netty.host-memory");
    assertThatThrownBy(() -> registry.settingKeys("netty", List.of(), List.of(), "deny-all"))
        .hasMessage("unknown gater \"deny-all\"; known: allow-all, chain, pos");
  }
}
