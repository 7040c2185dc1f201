package org.subnetp2p.discovery.gossip.peerstate;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.subnetp2p.discovery.gossip.Rejection;

/** The discovery's event counters, shared by its parts; cheap to bump from any thread. */
public final class Counters {
  /** Records taken. */
  public final LongAdder accepted = new LongAdder();

  /** Records already held. */
  public final LongAdder duplicates = new LongAdder();

  /** Valid records not newer than the one held. */
  public final LongAdder stale = new LongAdder();

  /** Head announcements received. */
  public final LongAdder announcements = new LongAdder();

  /** Records published. */
  public final LongAdder published = new LongAdder();

  /** Publications that failed. */
  public final LongAdder publishFailures = new LongAdder();

  /** Sync requests answered. */
  public final LongAdder syncServed = new LongAdder();

  /** Sync requests refused. */
  public final LongAdder syncRefused = new LongAdder();

  /** Nodes fetched through the sync protocol and taken. */
  public final LongAdder syncFetched = new LongAdder();

  /** Sync requests to others that failed. */
  public final LongAdder syncFailures = new LongAdder();

  private final Map<Rejection, LongAdder> rejections = new EnumMap<>(Rejection.class);

  /** Counters at zero. */
  public Counters() {
    for (Rejection r : Rejection.values()) {
      rejections.put(r, new LongAdder());
    }
  }

  /** Counts one refusal for {@code reason}. */
  public void reject(Rejection reason) {
    rejections.get(reason).increment();
  }

  /** The refusals so far, by reason. */
  public Map<Rejection, Long> rejections() {
    Map<Rejection, Long> out = new EnumMap<>(Rejection.class);
    rejections.forEach((r, n) -> out.put(r, n.sum()));
    return out;
  }
}
