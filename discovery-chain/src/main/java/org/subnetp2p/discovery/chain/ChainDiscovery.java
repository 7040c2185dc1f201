package org.subnetp2p.discovery.chain;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Reporting;

/**
 * The {@code chain} discovery: the addresses a subnet's peers published in the {@code
 * SubnetPeerRegistry}, answered from the follower's copy in memory ({@link RegistryFollower}).
 * While the chain cannot be reached it keeps answering from what it read last.
 */
public final class ChainDiscovery implements MultiaddrDiscovery, Reporting {
  /** The name configs select it by. */
  public static final String NAME = "chain";

  /** Reading a chain is the dearest way to learn an address. */
  public static final int COST = 400;

  private final RegistryFollowers.Lease lease;
  private final RegistryFollower follower;

  /** A discovery over a shared follower; {@link #close()} releases it. */
  public ChainDiscovery(RegistryFollowers.Lease lease) {
    this.lease = lease;
    this.follower = lease.follower();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int cost() {
    return COST;
  }

  /** The follower behind it, for tests and the demo. */
  public RegistryFollower follower() {
    return follower;
  }

  @Override
  public CompletableFuture<List<Multiaddr>> find(PeerId peer) {
    return CompletableFuture.completedFuture(
        follower.record(peer).map(r -> List.of(r.address())).orElse(List.of()));
  }

  @Override
  public CompletableFuture<List<Multiaddr>> knownPeers() {
    return CompletableFuture.completedFuture(
        follower.records().stream().map(RegistryRecord::address).toList());
  }

  @Override
  public Map<String, Object> status() {
    return follower.status();
  }

  @Override
  public List<Counter> counters() {
    return follower.counters();
  }

  @Override
  public void close() {
    lease.close();
  }
}
