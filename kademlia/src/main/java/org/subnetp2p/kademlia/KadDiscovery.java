package org.subnetp2p.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * The {@code dht} discovery: finds a peer's addresses by asking neighbours through a {@link KadDht}
 * it starts on the node's host. Dearer than a local cache, cheaper than reading a chain.
 */
public final class KadDiscovery implements MultiaddrDiscovery {
  /** The name the config selects it by. */
  public static final String NAME = "dht";

  /** Its cost: after the address book and the gossip cache, before the chain. */
  public static final int COST = 50;

  private final KadConfig config;
  private volatile KadDht dht;

  /** A discovery that will run a DHT with {@code config} once started. */
  public KadDiscovery(KadConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int cost() {
    return COST;
  }

  @Override
  public synchronized void start(Host host) {
    if (dht != null) {
      throw new IllegalStateException("already started");
    }
    KadDht d = new KadDht(host, config);
    d.start();
    dht = d;
  }

  /** The DHT, once started: peer routing, records and providers. */
  public Optional<KadDht> dht() {
    return Optional.ofNullable(dht);
  }

  @Override
  public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
    KadDht d = dht;
    return d == null ? CompletableFuture.completedFuture(List.of()) : d.findPeer(peer);
  }

  /** The peers of the routing table, at the addresses we would tell others. */
  @Override
  public CompletableFuture<List<Multiaddr>> knownPeers() {
    KadDht d = dht;
    if (d == null) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<Multiaddr> out = new ArrayList<>();
    for (PeerId p : d.routingTable()) {
      d.addressesOf(p).forEach(a -> out.add(a.withPeerId(p)));
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public void close() {
    KadDht d = dht;
    if (d != null) {
      d.close();
    }
  }
}
