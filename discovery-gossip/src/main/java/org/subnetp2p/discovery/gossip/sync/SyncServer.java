package org.subnetp2p.discovery.gossip.sync;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.host.StreamHandler;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.Rejection;
import org.subnetp2p.discovery.gossip.dag.DagNode;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.peerstate.Counters;
import org.subnetp2p.discovery.gossip.peerstate.PeerStateRecords;
import org.subnetp2p.discovery.gossip.wire.DagSummary;
import org.subnetp2p.discovery.gossip.wire.FetchRequest;
import org.subnetp2p.discovery.gossip.wire.FetchResponse;
import org.subnetp2p.discovery.gossip.wire.InventoryRequest;
import org.subnetp2p.discovery.gossip.wire.InventoryResponse;
import org.subnetp2p.discovery.gossip.wire.NodeSnapshot;
import org.subnetp2p.discovery.gossip.wire.WireCodec;
import org.subnetp2p.discovery.gossip.wire.WireMessage;

/**
 * Serves {@code /subnet/merkle_dag_sync_protocol/1.0.0} from a {@link DagStore}, as
 * subnet-template's {@code MerkleDagSyncCoordinator.handle_request} answers: an inventory request
 * gets the store's summary, a fetch request the requested nodes (and ancestors, to the asked depth)
 * in its order, and the ids it could not give in {@code not_found}.
 *
 * <p>Each stream carries one request and one response, then closes. A request that is malformed,
 * too large, of another namespace or not a request gets no answer: the stream is reset, as
 * subnet-template closes it. Reads and writes have deadlines; at most {@link
 * Limits#maxConcurrent()} requests are served at once, the others reset at once; an answer is cut
 * to {@link Limits#maxResponseNodes()} nodes and about {@link Limits#maxResponseBytes()} bytes, the
 * nodes left out named in {@code not_found}.
 */
public final class SyncServer implements StreamHandler {
  /** The protocol id. */
  public static final String PROTOCOL_ID = "/subnet/merkle_dag_sync_protocol/1.0.0";

  private static final Logger LOG = LoggerFactory.getLogger(SyncServer.class);

  /**
   * Bounds on what is served.
   *
   * @param maxRequestBytes the largest request read
   * @param maxResponseNodes the most nodes in one answer
   * @param maxResponseBytes about the most bytes in one answer
   * @param timeout the deadline for reading the request and for writing the answer
   * @param maxConcurrent the most requests served at once
   */
  public record Limits(
      int maxRequestBytes,
      int maxResponseNodes,
      int maxResponseBytes,
      Duration timeout,
      int maxConcurrent) {}

  private final PeerId local;
  private final DagStore store;
  private final Counters counters;
  private final Limits limits;
  private final Json.Limits json;
  private final long windowMs;
  private final LongSupplier clock;
  private final Semaphore permits;

  /**
   * @param windowMs how old an advertised head may be (see {@link DagStore#summary})
   * @param clock the time in Unix milliseconds
   */
  public SyncServer(
      PeerId local,
      DagStore store,
      Counters counters,
      Limits limits,
      long windowMs,
      LongSupplier clock) {
    this.local = local;
    this.store = store;
    this.counters = counters;
    this.limits = limits;
    this.json = new Json.Limits(limits.maxRequestBytes(), 32);
    this.windowMs = windowMs;
    this.clock = clock;
    this.permits = new Semaphore(limits.maxConcurrent());
  }

  @Override
  public void handle(Stream stream) {
    if (!permits.tryAcquire()) {
      counters.syncRefused.increment();
      stream.reset();
      return;
    }
    boolean answered = false;
    try {
      stream.setReadDeadline(Instant.now().plus(limits.timeout()));
      byte[] request = Frames.read(stream, limits.maxRequestBytes());
      byte[] response = WireCodec.encode(answer(WireCodec.decode(request, json)));
      answered = true;
      counters.syncServed.increment();
      stream.setWriteDeadline(Instant.now().plus(limits.timeout()));
      Frames.write(stream, response);
      stream.close();
    } catch (RecordException | IOException e) {
      if (!answered) {
        counters.syncRefused.increment();
      }
      LOG.debug("sync request from {} failed: {}", stream.remotePeer(), e.getMessage());
      stream.reset();
    } finally {
      permits.release();
    }
  }

  /**
   * The answer to {@code request}.
   *
   * @throws RecordException if it is not a request of this namespace
   */
  public WireMessage answer(WireMessage request) throws RecordException {
    if (!PeerStateRecords.NAMESPACE.equals(request.namespace())) {
      throw new RecordException(Rejection.FOREIGN_NAMESPACE, "another namespace");
    }
    long now = clock.getAsLong();
    String self = local.toBase58();
    return switch (request) {
      case InventoryRequest r -> {
        DagStore.Summary s = store.summary(now, windowMs);
        yield new InventoryResponse(
            r.messageId(),
            r.namespace(),
            self,
            now,
            new DagSummary(r.namespace(), s.headIds(), s.nodeCount(), s.orphanCount(), now));
      }
      case FetchRequest r -> {
        List<DagNode> nodes =
            store.forFetch(
                r.nodeIds(),
                r.maxAncestorDepth(),
                limits.maxResponseNodes(),
                limits.maxResponseBytes());
        List<NodeSnapshot> snapshots = new ArrayList<>(nodes.size());
        Set<String> given = new HashSet<>();
        for (DagNode node : nodes) {
          snapshots.add(NodeSnapshot.of(node, r.includeBodies()));
          given.add(node.id());
        }
        List<String> notFound = new ArrayList<>(); // duplicates kept, as subnet-template does
        for (String id : r.nodeIds()) {
          if (!given.contains(id)) {
            notFound.add(id);
          }
        }
        notFound.sort(null);
        yield new FetchResponse(r.messageId(), r.namespace(), self, now, snapshots, notFound);
      }
      default -> throw new RecordException(Rejection.MALFORMED, "not a sync request");
    };
  }
}
