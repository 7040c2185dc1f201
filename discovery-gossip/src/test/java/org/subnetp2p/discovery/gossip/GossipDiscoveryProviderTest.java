package org.subnetp2p.discovery.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.gossip.testing.TestKeys;

class GossipDiscoveryProviderTest {

  private static ProviderContext context(Map<String, String> settings) {
    return ProviderContext.of(TestKeys.peer(), "discovery.gossip", settings);
  }

  @Test
  void theProviderIsFoundByNameWithItsSettingKeys() {
    DiscoveryProvider provider =
        ServiceLoader.load(DiscoveryProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("gossip"))
            .findFirst()
            .orElseThrow();

    MultiaddrDiscovery discovery = provider.create(context(Map.of()));

    assertThat(provider.settingKeys()).isEqualTo(GossipSettings.KEYS);
    assertThat(discovery).isInstanceOf(GossipDiscovery.class);
    assertThat(discovery.name()).isEqualTo("gossip");
    assertThat(discovery.cost()).isEqualTo(GossipDiscovery.COST);
    assertThat(((GossipDiscovery) discovery).settings()).isEqualTo(GossipSettings.DEFAULTS);
  }

  @Test
  void settingsAreReadFromTheContext() {
    GossipSettings settings =
        GossipSettings.from(
            context(
                Map.of(
                    "interval", "2s",
                    "expiry-periods", "4",
                    "subnet-id", "7",
                    "subnet-node-id", "9",
                    "max-peers", "50",
                    "dag-max-nodes", "500",
                    "dag-max-bytes", "1048576",
                    "max-message-bytes", "4096",
                    "sync-timeout", "3s",
                    "announce", "/ip4/10.1.2.3/tcp/4001")));

    assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.window()).isEqualTo(Duration.ofSeconds(8));
    assertThat(settings.subnetId()).isEqualTo(7);
    assertThat(settings.subnetNodeId()).isEqualTo(9);
    assertThat(settings.maxPeers()).isEqualTo(50);
    assertThat(settings.dagMaxNodes()).isEqualTo(500);
    assertThat(settings.dagMaxBytes()).isEqualTo(1 << 20);
    assertThat(settings.maxMessageBytes()).isEqualTo(4096);
    assertThat(settings.syncTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.announce()).contains(Multiaddr.parse("/ip4/10.1.2.3/tcp/4001"));
    assertThat(GossipSettings.DEFAULTS.interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(GossipSettings.DEFAULTS.window()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aBadValueIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> GossipSettings.from(context(Map.of("subnet-id", "0"))))
        .hasMessageContaining("discovery.gossip.subnet-id");
    assertThatThrownBy(() -> GossipSettings.from(context(Map.of("interval", "soon"))))
        .hasMessageContaining("discovery.gossip.interval");
    assertThatThrownBy(() -> GossipSettings.from(context(Map.of("announce", "nowhere"))))
        .hasMessageContaining("discovery.gossip.announce");
  }

  @Test
  void startingUnboundFailsSayingWhatIsMissing() {
    GossipDiscovery discovery = new GossipDiscovery(GossipSettings.DEFAULTS);

    assertThatThrownBy(() -> discovery.start((Host) null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bind()");
    assertThat(discovery.find(TestKeys.peer()).join()).isEmpty();
    assertThat(discovery.knownPeers().join()).isEmpty();
    assertThat(discovery.stats().rejectedTotal()).isZero();
    discovery.close();
  }
}
