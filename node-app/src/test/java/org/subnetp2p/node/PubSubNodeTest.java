package org.subnetp2p.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.Hosts;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.gossipsub.GossipSub;
import org.subnetp2p.gossipsub.provider.GossipSubProvider;
import org.subnetp2p.node.testing.TestNodes;

/** How the node starts its pubsub: for topics, for discoveries that need it, or when named. */
class PubSubNodeTest {
  private static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  @RegisterExtension final TestNodes nodes = new TestNodes();
  private final List<ProviderContext> pubsubDiscoveryContexts = new CopyOnWriteArrayList<>();

  /** A discovery that runs on pubsub, as the GossipSub heartbeat does. */
  private final DiscoveryProvider heartbeat =
      new DiscoveryProvider() {
        @Override
        public String name() {
          return "needs-pubsub";
        }

        @Override
        public boolean requiresPubSub() {
          return true;
        }

        @Override
        public MultiaddrDiscovery create(ProviderContext context) {
          pubsubDiscoveryContexts.add(context);
          return new MultiaddrDiscovery() {
            @Override
            public String name() {
              return "needs-pubsub";
            }

            @Override
            public int cost() {
              return 1;
            }

            @Override
            public java.util.concurrent.CompletableFuture<List<Multiaddr>> find(PeerId peer) {
              return java.util.concurrent.CompletableFuture.completedFuture(List.of());
            }
          };
        }
      };

  private final ProviderRegistry registry =
      new ProviderRegistry(
          Hosts.providers(),
          ProviderRegistry.load().protocols().values(),
          List.of(heartbeat),
          ProviderRegistry.load().gaters().values(),
          List.of(new GossipSubProvider()));

  private Node node(NodeConfig config) {
    return nodes.create(config, registry);
  }

  private static NodeConfig.Builder loopback() {
    return NodeConfig.builder().listen(List.of(LOOPBACK)).protocols(List.of());
  }

  private static void await(Duration limit, BooleanSupplier condition) {
    Awaitility.await().atMost(limit).until(condition::getAsBoolean);
  }

  @Test
  void noTopicNoDiscoveryNoPubsub() {
    assertThat(node(loopback().build()).pubsub()).isEmpty();
  }

  @Test
  void aSubscribedTopicStartsGossipSubAndTwoNodesExchangeAMessage() throws Exception {
    Node a = node(loopback().subscribe(List.of("t")).build());
    a.start();
    Node b = node(loopback().pubsub("gossipsub").bootstrap(a.host().dialableAddresses()).build());
    b.start();
    assertThat(a.pubsub()).get().isInstanceOf(GossipSub.class);
    List<PubSub.Message> got = new CopyOnWriteArrayList<>();
    a.pubsub().orElseThrow().subscribe("t", got::add);

    await(Duration.ofSeconds(30), () -> b.pubsub().orElseThrow().peers("t").contains(a.peerId()));
    b.pubsub().orElseThrow().publish("t", "hi".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
    await(Duration.ofSeconds(30), () -> got.size() == 1);
    assertThat(new String(got.get(0).data(), UTF_8)).isEqualTo("hi");
    assertThat(got.get(0).from()).isEqualTo(b.peerId());
  }

  @Test
  void aDiscoveryThatRunsOnPubsubGetsTheNodesPubsub() {
    Node n = node(loopback().discovery(List.of("needs-pubsub")).build());
    assertThat(n.pubsub()).isPresent();
    assertThat(pubsubDiscoveryContexts).singleElement();
    assertThat(pubsubDiscoveryContexts.get(0).pubSub()).containsSame(n.pubsub().get());
  }

  @Test
  void pubsubSettingsAreCheckedLikeEveryProviderSetting() {
    Node n =
        node(
            loopback()
                .subscribe(List.of("t"))
                .providerSettings(
                    Map.of("pubsub.gossipsub.d", "8", "pubsub.gossipsub.d-high", "12"))
                .build());
    assertThat(((GossipSub) n.pubsub().orElseThrow()).config().d()).isEqualTo(8);

    assertThatThrownBy(
            () ->
                node(
                    loopback()
                        .subscribe(List.of("t"))
                        .providerSettings(Map.of("pubsub.gossipsub.bogus", "1"))
                        .build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown provider setting \"pubsub.gossipsub.bogus\"")
        .hasMessageContaining("pubsub.gossipsub.heartbeat-interval");
    assertThatThrownBy(
            () ->
                node(
                    loopback()
                        .subscribe(List.of("t"))
                        .providerSettings(Map.of("pubsub.gossipsub.d", "3"))
                        .build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pubsub provider \"gossipsub\"");
    assertThatThrownBy(() -> node(loopback().pubsub("floodsub-only").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown pubsub provider \"floodsub-only\"; known: gossipsub");
  }
}
