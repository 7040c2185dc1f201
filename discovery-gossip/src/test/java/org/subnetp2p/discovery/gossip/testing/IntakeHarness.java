package org.subnetp2p.discovery.gossip.testing;

import java.util.function.LongSupplier;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.peerstate.PeerCache;
import org.subnetp2p.discovery.gossip.peerstate.RecordIntake;
import org.subnetp2p.discovery.gossip.peerstate.RecordValidator;

/** An intake with its store, cache and counters, as the discovery wires them, for tests. */
public final class IntakeHarness {
  /** The largest message the intake parses. */
  public static final int MAX_MESSAGE = 64 << 10;

  /** The local peer. */
  public final PeerId local;

  /** The store. */
  public final DagStore store;

  /** The cache. */
  public final PeerCache cache;

  /** The counters. */
  public final Counters counters = new Counters();

  /** The intake. */
  public final RecordIntake intake;

  /** An intake for a fresh local peer. */
  public IntakeHarness(long subnetId, long windowMs, LongSupplier clock) {
    this(TestKeys.peer(), subnetId, windowMs, clock, 1000, 10_000, 32L << 20);
  }

  /** An intake for {@code local} with these bounds. */
  public IntakeHarness(
      PeerId local,
      long subnetId,
      long windowMs,
      LongSupplier clock,
      int maxPeers,
      int maxNodes,
      long maxBytes) {
    this.local = local;
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
