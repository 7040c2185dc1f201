package org.subnetp2p.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.discovery.MultiaddrDiscovery;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Copies the peers each discovery knows into the host's address book, at start and then
 * periodically, so that everything that reads the address book (calls by peer id, the demo, the
 * admin endpoint) sees them with the discovery as their origin ({@code dht}, {@code gossip}, {@code
 * chain}, or {@code discovery} for others).
 */
final class DiscoveryFeed {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryFeed.class);
  private static final Duration MIN_TTL = Duration.ofHours(1);

  private final Host host;
  private final List<MultiaddrDiscovery> discoveries;
  private final Duration interval;

  DiscoveryFeed(Host host, List<MultiaddrDiscovery> discoveries, Duration interval) {
    this.host = host;
    this.discoveries = discoveries;
    this.interval = interval;
  }

  void start(ScheduledExecutorService scheduler) {
    if (!discoveries.isEmpty()) {
      scheduler.scheduleWithFixedDelay(
          this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Asks every discovery once; answers arrive asynchronously, each within the interval. */
  void refresh() {
    Duration ttl =
        interval.multipliedBy(3).compareTo(MIN_TTL) > 0 ? interval.multipliedBy(3) : MIN_TTL;
    for (MultiaddrDiscovery discovery : discoveries) {
      try {
        ask(discovery, ttl);
      } catch (RuntimeException e) { // a broken provider must not stop the schedule
        LOG.warn("discovery {} failed: {}", discovery.name(), e.toString());
      }
    }
  }

  private void ask(MultiaddrDiscovery discovery, Duration ttl) {
    AddressBook.Source source = AddressBook.Source.forDiscovery(discovery.name());
    discovery
        .knownPeers()
        .orTimeout(interval.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (addresses, error) -> {
              if (error != null) {
                LOG.warn("discovery {} failed: {}", discovery.name(), error.toString());
                return;
              }
              for (Multiaddr address : addresses) {
                address
                    .peerId()
                    .filter(peer -> !peer.equals(host.peerId()))
                    .ifPresent(peer -> host.addressBook().add(peer, List.of(address), source, ttl));
              }
            });
  }
}
