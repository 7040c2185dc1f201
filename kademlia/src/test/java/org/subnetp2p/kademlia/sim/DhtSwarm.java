package org.subnetp2p.kademlia.sim;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.host.HostConfig;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.kademlia.KadConfig;
import org.subnetp2p.kademlia.KadDht;
import org.subnetp2p.kademlia.KadMode;
import org.subnetp2p.testkit.SimHost;
import org.subnetp2p.testkit.SimNetwork;

/** DHT peers on a simulated network, for tests. */
final class DhtSwarm implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  final SimNetwork network;
  final KadConfig config;
  final List<KadDht> dhts = new ArrayList<>();
  private final Map<KadDht, SimHost> hosts = new IdentityHashMap<>();

  DhtSwarm(SimNetwork network, KadConfig config) {
    this.network = network;
    this.config = config;
  }

  /**
   * Test defaults: server mode, a small random walk run only when {@link #refreshAll()} says, so a
   * test knows what ran.
   */
  static KadConfig.Builder testConfig() {
    return KadConfig.builder()
        .mode(KadMode.SERVER)
        .refreshInterval(Duration.ofHours(1))
        .startupRefresh(false)
        .refreshBuckets(4)
        .requestTimeout(Duration.ofSeconds(5))
        .lookupTimeout(Duration.ofSeconds(30));
  }

  KadDht start() {
    return start(config);
  }

  KadDht start(KadConfig config) {
    SimHost host = network.newHost();
    host.start();
    KadDht dht = new KadDht(host, config);
    dht.start();
    dhts.add(dht);
    hosts.put(dht, host);
    return dht;
  }

  /** A DHT on a host that only dials. */
  KadDht startDialOnly(KadConfig config) {
    SimHost host = network.newHost(HostConfig.builder(Keys.generateEd25519()).build());
    host.start();
    KadDht dht = new KadDht(host, config);
    dht.start();
    hosts.put(dht, host);
    return dht;
  }

  SimHost host(KadDht dht) {
    return hosts.get(dht);
  }

  Multiaddr address(KadDht dht) {
    return host(dht).dialableAddresses().get(0);
  }

  /** Connects {@code dht} to {@code seed} and waits until the seed is in its routing table. */
  void join(KadDht dht, KadDht seed) throws Exception {
    host(dht).connect(address(seed)).get(20, TimeUnit.SECONDS);
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .atMost(WAIT)
        .until(() -> dht.routingTable().contains(host(seed).peerId()));
  }

  /** {@code n} peers that all joined through the first, then each refreshed its table. */
  List<KadDht> populate(int n) throws Exception {
    KadDht seed = start();
    for (int i = 1; i < n; i++) {
      join(start(), seed);
    }
    refreshAll();
    return dhts;
  }

  /** Every peer refreshes its table once, a few at a time. */
  void refreshAll() throws Exception {
    for (int i = 0; i < dhts.size(); i += 20) {
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      for (KadDht d : dhts.subList(i, Math.min(dhts.size(), i + 20))) {
        batch.add(d.refresh());
      }
      CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    dhts.forEach(KadDht::close);
    network.close();
  }
}
