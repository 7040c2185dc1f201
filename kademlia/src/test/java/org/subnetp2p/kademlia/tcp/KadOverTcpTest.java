package org.subnetp2p.kademlia.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.discovery.spi.DiscoveryProvider;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadDiscovery;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.kademlia.LookupResult;
import org.subnetp2p.protocols.task.TaskProtocol;
import org.subnetp2p.protocols.task.pb.TaskRequest;
import org.subnetp2p.protocols.task.pb.TaskResponse;
import org.subnetp2p.transport.host.NettyHost;
import org.subnetp2p.transport.host.TestHosts;

/** The DHT over real TCP, Noise and Yamux between hosts in this JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KadOverTcpTest {
  private static final KadConfig SERVER =
      KadConfig.builder()
          .mode(KadMode.SERVER)
          .refreshInterval(Duration.ofHours(1))
          .startupRefresh(false) // nobody learns of C but through B
          .build();

  private final TestHosts hosts = new TestHosts();

  @AfterEach
  void close() {
    hosts.close();
  }

  private KadDht dht(NettyHost host) {
    KadDht d = new KadDht(host, SERVER);
    d.start();
    return d;
  }

  @Test
  void aPeerIsFoundThroughTheOnlyNeighbourThatKnowsItAndCalledByItsIdAlone() throws Exception {
    NettyHost a = hosts.start();
    NettyHost b = hosts.start();
    NettyHost c = hosts.start();
    KadDiscovery discovery = new KadDiscovery(SERVER);
    discovery.start(a);
    a.addDiscovery(discovery);
    dht(b);
    dht(c);
    TaskProtocol.serve(c);
    TaskProtocol caller = TaskProtocol.serve(a);
    b.connect(c.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
    a.connect(b.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
    KadDht dhtOfA = discovery.dht().orElseThrow();
    await().atMost(Duration.ofSeconds(20)).until(() -> dhtOfA.routingTable().contains(b.peerId()));
    assertThat(a.addressBook().addresses(c.peerId())).isEmpty();

    LookupResult found = dhtOfA.findPeer(c.peerId(), p -> {}).get(30, TimeUnit.SECONDS);
    TaskResponse answer =
        caller
            .callRemote(
                c.peerId(),
                TaskRequest.newBuilder()
                    .setTaskId("t1")
                    .setPayload(ByteString.copyFromUtf8("ab"))
                    .build())
            .get(30, TimeUnit.SECONDS);

    assertThat(found.targetAddresses()).containsExactlyElementsOf(c.dialableAddresses());
    assertThat(found.rounds()).isEqualTo(1);
    assertThat(answer.getResult().toStringUtf8()).isEqualTo("AB");
    assertThat(a.addressBook().entries(c.peerId()))
        .extracting(AddressBook.Entry::source)
        .contains(AddressBook.Source.DHT);
    discovery.close();
  }

  @Test
  void theDhtDiscoveryIsFoundByItsNameAndReadsItsSettings() {
    DiscoveryProvider provider =
        ServiceLoader.load(DiscoveryProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("dht"))
            .findFirst()
            .orElseThrow();
    PeerId self =
        PeerId.fromPublicKey(org.subnetp2p.core.identity.Keys.generateEd25519().publicKey());

    MultiaddrDiscovery d =
        provider.create(
            ProviderContext.of(
                self, "discovery.dht", Map.of("mode", "server", "request-timeout", "3s")));

    assertThat(d.name()).isEqualTo("dht");
    assertThat(d.cost()).isEqualTo(KadDiscovery.COST);
    assertThat(provider.settingKeys())
        .contains("mode", "request-timeout", "startup-refresh", "disjoint-paths");
    assertThatThrownBy(
            () ->
                provider.create(ProviderContext.of(self, "discovery.dht", Map.of("mode", "both"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("discovery.dht.mode");
  }

  @Test
  void aClientFindsServersOverTcpAndIsNotAddedToTheirTables() throws Exception {
    NettyHost server = hosts.start();
    NettyHost other = hosts.start();
    NettyHost clientHost = hosts.start(b -> b.listen(List.of()));
    KadDht s = dht(server);
    dht(other);
    KadDht client = new KadDht(clientHost, KadConfig.builder().build()); // automatic: no address
    client.start();
    other.connect(server.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);
    clientHost.connect(server.dialableAddresses().get(0)).get(20, TimeUnit.SECONDS);

    assertThat(client.mode()).isEqualTo(KadMode.CLIENT);
    assertThat(client.findPeer(other.peerId()).get(30, TimeUnit.SECONDS))
        .containsExactlyElementsOf(other.dialableAddresses());
    assertThat(s.routingTable()).doesNotContain(clientHost.peerId()).contains(other.peerId());
  }
}
