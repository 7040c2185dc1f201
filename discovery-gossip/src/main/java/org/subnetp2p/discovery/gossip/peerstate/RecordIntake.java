package org.subnetp2p.discovery.gossip.peerstate;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.discovery.gossip.KnownPeer;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagNodes;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.wire.Announcement;
import org.subnetp2p.discovery.gossip.wire.NodeGossip;
import org.subnetp2p.discovery.gossip.wire.WireCodec;
import org.subnetp2p.discovery.gossip.wire.WireMessage;

/**
 * Where received records go: messages from the topic and nodes fetched through the sync protocol
 * are checked, the valid ones stored in the DAG store and offered to the peer cache, and every
 * refusal is counted by reason. A topic message is checked in order of cost: its sender, its size
 * and the sender's rate before it is parsed, the signature last.
 */
public final class RecordIntake {
  /** What became of a message or node. */
  public enum Outcome {
    /** A valid record, new to the store or the cache. */
    ACCEPTED,
    /** A record already held. */
    DUPLICATE,
    /** A valid record, not newer than the one held for its peer. */
    STALE,
    /** A head announcement from its own sender. */
    ANNOUNCEMENT,
    /** This node's own message, echoed back. */
    OWN,
    /** Refused; see the reason. */
    REJECTED
  }

  /**
   * The outcome.
   *
   * @param outcome what happened
   * @param reason why it was refused, for {@link Outcome#REJECTED}
   * @param missingParents parents of a newly stored node that the store does not hold
   * @param announcement the announcement, for {@link Outcome#ANNOUNCEMENT}
   */
  public record Result(
      Outcome outcome,
      Optional<Rejection> reason,
      List<String> missingParents,
      Optional<Announcement> announcement) {
    static Result of(Outcome outcome, List<String> missing) {
      return new Result(outcome, Optional.empty(), missing, Optional.empty());
    }

    static Result rejected(Rejection reason) {
      return new Result(Outcome.REJECTED, Optional.of(reason), List.of(), Optional.empty());
    }
  }

  /**
   * The limits on received messages.
   *
   * @param maxMessageBytes the largest topic message parsed
   * @param json the parser limits
   * @param burst messages a sender may send at once
   * @param refillMs then one message per this many milliseconds
   * @param maxSenders senders whose rate is tracked
   */
  public record Limits(
      int maxMessageBytes, Json.Limits json, int burst, long refillMs, int maxSenders) {}

  private final PeerId local;
  private final RecordValidator validator;
  private final DagStore store;
  private final PeerCache cache;
  private final Counters counters;
  private final Limits limits;
  private final RateLimiter rates;
  private final long windowMs;
  private final LongSupplier clock;

  /**
   * @param local this node, whose own messages are ignored
   * @param windowMs how long a record keeps its peer known
   * @param clock the time in Unix milliseconds
   */
  public RecordIntake(
      PeerId local,
      RecordValidator validator,
      DagStore store,
      PeerCache cache,
      Counters counters,
      Limits limits,
      long windowMs,
      LongSupplier clock) {
    this.local = local;
    this.validator = validator;
    this.store = store;
    this.cache = cache;
    this.counters = counters;
    this.limits = limits;
    this.rates = new RateLimiter(limits.burst(), limits.refillMs(), limits.maxSenders());
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** Takes a message received on the peer-state topic. */
  public Result onMessage(PubSub.Message message) {
    long now = clock.getAsLong();
    PeerId from = message.from();
    if (from != null && from.equals(local)) {
      return Result.of(Outcome.OWN, List.of());
    }
    try {
      if (from == null) {
        throw new RecordException(Rejection.SPOOFED, "message has no author");
      }
      if (message.data().length > limits.maxMessageBytes()) {
        throw new RecordException(Rejection.OVERSIZED, message.data().length + " bytes");
      }
      if (!rates.tryAcquire(from, now)) {
        throw new RecordException(Rejection.RATE_LIMITED, "sender over its rate");
      }
      WireMessage decoded = WireCodec.decode(message.data(), limits.json());
      String sender = from.toBase58();
      if (!PeerStateRecords.NAMESPACE.equals(decoded.namespace())) {
        throw new RecordException(Rejection.FOREIGN_NAMESPACE, "another namespace");
      }
      if (!sender.equals(decoded.peerId())) {
        throw new RecordException(Rejection.SPOOFED, "peer_id is not the sender");
      }
      return switch (decoded) {
        case NodeGossip gossip -> take(validator.check(gossip.node(), from, now, true), now);
        case Announcement announcement -> {
          counters.announcements.increment();
          yield new Result(
              Outcome.ANNOUNCEMENT, Optional.empty(), List.of(), Optional.of(announcement));
        }
        default -> throw new RecordException(Rejection.MALFORMED, "not a gossip message");
      };
    } catch (RecordException e) {
      counters.reject(e.reason());
      return Result.rejected(e.reason());
    }
  }

  /** Takes a node fetched through the sync protocol: history, so it may be old. */
  public Result onFetched(DagNode node) {
    long now = clock.getAsLong();
    try {
      RecordValidator.Valid valid = validator.check(node, null, now, false);
      return take(valid, Math.min(now, node.header().createdAtMs()));
    } catch (RecordException e) {
      counters.reject(e.reason());
      return Result.rejected(e.reason());
    }
  }

  /** Stores this node's own record, so that the sync protocol can serve it. */
  public void own(NodeGossip gossip) {
    DagNode node = gossip.node();
    int size = DagNodes.signingBytes(node.header()).length + (int) node.header().bodySize();
    store.add(node, size);
  }

  private Result take(RecordValidator.Valid valid, long lastSeenMs) {
    DagStore.Added added = store.add(valid.node(), valid.contentSize());
    if (added.status() == DagStore.Status.DUPLICATE) {
      counters.duplicates.increment();
      return Result.of(Outcome.DUPLICATE, List.of());
    }
    long expires = lastSeenMs + windowMs;
    PeerCache.Outcome cached = PeerCache.Outcome.STALE;
    if (expires > clock.getAsLong()) {
      PeerState state = valid.state();
      cached =
          cache.offer(
              new KnownPeer(
                  valid.author(),
                  valid.address(),
                  state.subnetId(),
                  state.subnetNodeId(),
                  state.state(),
                  state.epoch(),
                  valid.node().id(),
                  valid.node().header().createdAtMs(),
                  lastSeenMs,
                  expires));
    }
    if (cached == PeerCache.Outcome.STALE && added.status() != DagStore.Status.ADDED) {
      counters.stale.increment();
      return Result.of(Outcome.STALE, List.of());
    }
    counters.accepted.increment();
    return Result.of(Outcome.ACCEPTED, added.missingParents());
  }
}
