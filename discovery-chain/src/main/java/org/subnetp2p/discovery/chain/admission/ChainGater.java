package org.subnetp2p.discovery.chain.admission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.chain.RegistryFollower;
import org.subnetp2p.discovery.chain.RegistryFollowers;
import org.subnetp2p.discovery.chain.RegistryRecord;

/**
 * The {@code chain} gater: admits only peers registered for the subnet in the {@code
 * SubnetPeerRegistry}.
 *
 * <p>While the shared {@link RegistryFollower}'s copy is loaded and no older than {@code
 * cache-ttl}, every decision comes from it, in memory. Before the first load, or once the copy is
 * older than that (the chain unreachable for longer), decisions come from the cache and from {@code
 * getPeer} lookups (see {@link CachingGater}); a lookup the chain cannot answer refuses the peer
 * unless {@code failure-mode=fail-open}.
 *
 * <p>A peer removed from the registry is cut as soon as the follower applies the event (its
 * confirmation depth after the removal's block), and in any case by the next sweep. A peer that
 * registers is admitted as soon as its event is applied, whatever "no" was cached before.
 */
final class ChainGater extends CachingGater implements RegistryFollower.Listener {
  private final RegistryFollowers.Lease lease;
  private final RegistryFollower follower;

  ChainGater(RegistryFollowers.Lease lease, Settings settings) {
    super("chain", settings);
    this.lease = lease;
    this.follower = lease.follower();
    follower.addListener(this);
  }

  @Override
  protected Optional<Boolean> known(PeerId peer) {
    return follower.isFresh(settings().cacheTtl())
        ? Optional.of(follower.record(peer).isPresent())
        : Optional.empty();
  }

  @Override
  protected boolean lookup(PeerId peer) throws Exception {
    return follower.lookup(peer).isPresent();
  }

  @Override
  protected String refusal() {
    return "not registered for subnet " + follower.settings().subnetId();
  }

  @Override
  public void added(RegistryRecord record) {
    forget(record.peer());
  }

  @Override
  public void removed(PeerId peer) {
    revoke(peer, "removed from the registry of subnet " + follower.settings().subnetId());
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>(follower.status());
    s.putAll(super.status());
    return s;
  }

  @Override
  public List<Counter> counters() {
    return java.util.stream.Stream.concat(super.counters().stream(), follower.counters().stream())
        .toList();
  }

  @Override
  public void close() {
    super.close();
    lease.close();
  }
}
