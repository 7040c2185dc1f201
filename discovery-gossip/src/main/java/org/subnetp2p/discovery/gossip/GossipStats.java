package org.subnetp2p.discovery.gossip;

import java.util.Map;

/**
 * The heartbeat discovery's counters and sizes, for the admin endpoint and metrics. The counts are
 * totals since start.
 *
 * @param accepted peer-state records taken (from gossip or the sync protocol)
 * @param duplicates records already held
 * @param stale valid records not newer than the one held for their peer
 * @param announcements head announcements received
 * @param rejections refused messages, by reason (every reason present, zero included)
 * @param published records this node published
 * @param publishFailures publications the pubsub refused or did not take in time
 * @param knownPeers peers in the cache, expired ones not yet purged included
 * @param dagNodes DAG nodes held for the sync protocol
 * @param dagBytes bytes charged for them
 * @param dagOrphans held nodes waiting for a parent
 * @param syncRequestsServed sync requests answered
 * @param syncRequestsRefused sync requests refused (malformed, oversized, too many at once)
 * @param syncNodesFetched nodes fetched from others through the sync protocol and taken
 * @param syncFailures sync requests to others that failed
 */
public record GossipStats(
    long accepted,
    long duplicates,
    long stale,
    long announcements,
    Map<Rejection, Long> rejections,
    long published,
    long publishFailures,
    int knownPeers,
    int dagNodes,
    long dagBytes,
    int dagOrphans,
    long syncRequestsServed,
    long syncRequestsRefused,
    long syncNodesFetched,
    long syncFailures) {

  /** Copies the map. */
  public GossipStats {
    rejections = Map.copyOf(rejections);
  }

  /** The number of messages refused for {@code reason}. */
  public long rejected(Rejection reason) {
    return rejections.getOrDefault(reason, 0L);
  }

  /** The number of messages refused for any reason. */
  public long rejectedTotal() {
    return rejections.values().stream().mapToLong(Long::longValue).sum();
  }
}
