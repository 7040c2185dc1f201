package org.subnetp2p.discovery.gossip.peerstate;

import java.util.function.LongSupplier;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.testing.TestKeys;

/** An intake with its store, cache and counters, as the discovery wires them, for tests. */
final class Harness {
  static final int MAX_MESSAGE = 64 << 10;

  final PeerId local = TestKeys.peer();
  final DagStore store;
  final PeerCache cache;
  final Counters counters = new Counters();
  final RecordIntake intake;

  Harness(long subnetId, long windowMs, LongSupplier clock) {
    this(subnetId, windowMs, clock, 1000, 10_000, 32L << 20);
  }

  Harness(
      long subnetId, long windowMs, LongSupplier clock, int maxPeers, int maxNodes, long maxBytes) {
    store = new DagStore(maxNodes, maxBytes);
    cache = new PeerCache(maxPeers);
    intake =
        new RecordIntake(
            local,
            new RecordValidator(subnetId, windowMs),
            store,
            cache,
            counters,
            new RecordIntake.Limits(MAX_MESSAGE, new Json.Limits(MAX_MESSAGE, 32), 10, 1000, 100),
            windowMs,
            clock);
  }
}
