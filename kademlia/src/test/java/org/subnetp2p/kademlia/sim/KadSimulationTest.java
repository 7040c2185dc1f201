package org.subnetp2p.kademlia.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadDiscovery;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.kademlia.LookupProgress;
import org.subnetp2p.kademlia.LookupResult;
import org.subnetp2p.kademlia.ProviderInfo;
import org.subnetp2p.kademlia.PublicKeyValidator;
import org.subnetp2p.testkit.SimHost;
import org.subnetp2p.testkit.SimNetwork;

/** The DHT's real code on the simulated network: tens of peers, in-memory. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KadSimulationTest {
  private final Random random = new Random(42);
  private DhtSwarm swarm = new DhtSwarm(SimNetwork.create(), DhtSwarm.testConfig().build());

  @AfterEach
  void close() {
    swarm.close();
  }

  private KadDht pick(List<KadDht> from) {
    return from.get(random.nextInt(from.size()));
  }

  @Test
  void everyPeerFindsOthersItNeverMetInFewRounds() throws Exception {
    List<KadDht> all = swarm.populate(48);

    for (int i = 0; i < 20; i++) {
      KadDht from = pick(all);
      KadDht target = pick(all);
      if (from == target) {
        continue;
      }
      LookupResult r = from.findPeer(target.peerId(), p -> {}).get(60, TimeUnit.SECONDS);

      assertThat(r.found()).as("%s finds %s", from.peerId(), target.peerId()).isTrue();
      assertThat(r.targetAddresses()).contains(swarm.address(target));
      assertThat(r.rounds()).isLessThanOrEqualTo(6); // log2(48), rounded up
    }
  }

  @Test
  void aLookupReportsItsProgressAsItGoes() throws Exception {
    List<KadDht> all = swarm.populate(32);
    List<LookupProgress> seen = new CopyOnWriteArrayList<>();

    LookupResult r = all.get(5).lookup(new byte[] {1, 2, 3}, seen::add).get(60, TimeUnit.SECONDS);

    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1).inFlight()).isZero();
    assertThat(seen.get(seen.size() - 1).answered()).isEqualTo(r.answered());
    assertThat(r.closest()).hasSize(20);
    assertThat(r.queried()).isGreaterThanOrEqualTo(20);
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void onlyServersJoinRoutingTablesButClientsFindPeersToo() throws Exception {
    List<KadDht> servers = swarm.populate(16);
    KadDht seed = servers.get(0);
    KadDht client = swarm.start(swarm.config.toBuilder().mode(KadMode.CLIENT).build());
    swarm.join(client, seed);

    PeerId target = servers.get(9).peerId();
    assertThat(client.findPeer(target).get(60, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(swarm.host(client).protocols()).doesNotContain(KadConfig.PROTOCOL_ID);
    for (KadDht s : servers) {
      assertThat(s.routingTable()).doesNotContain(client.peerId());
    }
  }

  @Test
  void automaticModeServesOnlyWithAPublicAddress() {
    KadDht auto = swarm.start(swarm.config.toBuilder().mode(KadMode.AUTO).build());
    // The simulated hosts live in 10.0.0.0/8: private.
    assertThat(auto.mode()).isEqualTo(KadMode.CLIENT);
  }

  @Test
  void peersThatVanishAreEvictedAndLookupsStillFindTheLiving() throws Exception {
    swarm.close();
    swarm =
        new DhtSwarm(
            SimNetwork.create(),
            DhtSwarm.testConfig().requestTimeout(Duration.ofMillis(500)).build());
    List<KadDht> all = swarm.populate(32);
    List<KadDht> shuffled = new ArrayList<>(all.subList(1, all.size()));
    Collections.shuffle(shuffled, random);
    List<KadDht> gone = shuffled.subList(0, 8);
    List<KadDht> living = new ArrayList<>(all);
    living.removeAll(gone);
    gone.forEach(d -> swarm.host(d).crash());

    int found = 0;
    for (int i = 0; i < 20; i++) {
      KadDht from = pick(living);
      KadDht target = pick(living);
      if (from != target && !from.findPeer(target.peerId()).get(60, TimeUnit.SECONDS).isEmpty()) {
        found++;
      } else if (from == target) {
        found++;
      }
    }

    assertThat(found).isEqualTo(20);
    KadDht asker = living.get(1);
    asker.lookup(new byte[] {7}, p -> {}).get(60, TimeUnit.SECONDS);
    for (KadDht g : gone) {
      // a vanished peer that the lookup asked is no longer in the table
      if (!asker.routingTable().contains(g.peerId())) {
        continue;
      }
      asker.findPeer(g.peerId(), p -> {}).get(60, TimeUnit.SECONDS);
    }
    assertThat(asker.stats().requestsFailed()).isPositive();
  }

  @Test
  void disjointPathsFindPeersToo() throws Exception {
    swarm.close();
    swarm = new DhtSwarm(SimNetwork.create(), DhtSwarm.testConfig().disjointPaths(3).build());
    List<KadDht> all = swarm.populate(32);

    for (int i = 0; i < 10; i++) {
      KadDht from = all.get(i);
      KadDht target = all.get(all.size() - 1 - i);
      assertThat(from.findPeer(target.peerId()).get(60, TimeUnit.SECONDS)).isNotEmpty();
    }
  }

  @Test
  void publicKeysAreStoredAndFoundAndInvalidRecordsRefused() throws Exception {
    List<KadDht> all = swarm.populate(24);
    SimHost owner = swarm.host(all.get(3));
    byte[] key = PublicKeyValidator.keyOf(owner.peerId());
    byte[] value = owner.signedPeerRecord().orElseThrow().publicKey().marshal();

    int stored = all.get(3).putValue(key, value).get(60, TimeUnit.SECONDS);
    Optional<byte[]> found = all.get(17).getValue(key).get(60, TimeUnit.SECONDS);

    assertThat(stored).isPositive();
    assertThat(found).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    assertThatThrownBy(
            () ->
                all.get(4)
                    .putValue("/app/x".getBytes(StandardCharsets.UTF_8), new byte[] {1})
                    .get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(InvalidRecordException.class);
  }

  @Test
  void providersAreAnnouncedAndFound() throws Exception {
    List<KadDht> all = swarm.populate(24);
    byte[] content = new byte[34];
    content[0] = 0x12;
    content[1] = 0x20;
    content[5] = 7;

    int told = all.get(2).provide(content).get(60, TimeUnit.SECONDS);
    List<ProviderInfo> providers = all.get(20).findProviders(content, 5).get(60, TimeUnit.SECONDS);

    assertThat(told).isPositive();
    assertThat(providers).extracting(ProviderInfo::peer).contains(all.get(2).peerId());
  }

  @Test
  void theDhtDiscoveryLetsAHostConnectByPeerIdAlone() throws Exception {
    List<KadDht> all = swarm.populate(24);
    SimHost newcomer = swarm.network.newHost();
    newcomer.start();
    KadDiscovery discovery = new KadDiscovery(swarm.config);
    discovery.start(newcomer);
    newcomer.addDiscovery(discovery);
    newcomer.connect(swarm.address(all.get(0))).get(20, TimeUnit.SECONDS);
    PeerId target = all.get(19).peerId();

    newcomer.connect(target).get(60, TimeUnit.SECONDS);

    assertThat(newcomer.connection(target)).isPresent();
    assertThat(newcomer.addressBook().entries(target))
        .extracting(AddressBook.Entry::source)
        .contains(AddressBook.Source.DHT);
    discovery.close();
  }

  @Test
  void aDhtOnADialOnlyHostIsAClientThatWaitsForItsFirstPeer() throws Exception {
    List<KadDht> all = swarm.populate(8);
    KadDht dialer = swarm.startDialOnly(swarm.config.toBuilder().mode(KadMode.AUTO).build());

    var pending = dialer.findPeer(all.get(5).peerId());
    swarm.host(dialer).connect(swarm.address(all.get(0))).get(20, TimeUnit.SECONDS);

    assertThat(dialer.mode()).isEqualTo(KadMode.CLIENT);
    assertThat(pending.get(60, TimeUnit.SECONDS)).isNotEmpty();
    assertThat(swarm.host(dialer).listenAddresses()).isEmpty();
    dialer.close();
  }

  @Test
  void peersEvictedDuringAPartitionComeBackAfterItHeals() throws Exception {
    swarm.close();
    swarm =
        new DhtSwarm(
            SimNetwork.create(),
            DhtSwarm.testConfig()
                .requestTimeout(Duration.ofMillis(500))
                .lookupTimeout(Duration.ofSeconds(10))
                .build());
    List<KadDht> all = swarm.populate(8);
    List<KadDht> sideA = all.subList(0, 4);
    List<KadDht> sideB = all.subList(4, 8);
    List<PeerId> peersB = sideB.stream().map(KadDht::peerId).toList();
    assertThat(sideA.get(0).routingTable()).containsAll(peersB);

    swarm.network.partition(
        sideA.stream().map(swarm::host).toList(), sideB.stream().map(swarm::host).toList());
    swarm.refreshAll(); // the requests across time out: those peers are evicted
    for (KadDht d : sideA) {
      assertThat(d.routingTable()).as("during the split").doesNotContainAnyElementsOf(peersB);
    }

    // Back with the protocols they had: identify announces no change, yet they return.
    swarm.network.heal();
    swarm.refreshAll();
    for (KadDht d : all) {
      List<PeerId> others = all.stream().filter(o -> o != d).map(KadDht::peerId).toList();
      assertThat(d.routingTable()).as("after healing").containsExactlyInAnyOrderElementsOf(others);
    }
  }
}
