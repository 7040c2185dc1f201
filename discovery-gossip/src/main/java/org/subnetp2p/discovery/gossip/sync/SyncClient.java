package org.subnetp2p.discovery.gossip.sync;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.discovery.gossip.dag.DagStore;
import org.subnetp2p.discovery.gossip.dag.RecordException;
import org.subnetp2p.discovery.gossip.json.Json;
import org.subnetp2p.discovery.gossip.peerstate.PeerStateRecords;
import org.subnetp2p.discovery.gossip.wire.FetchRequest;
import org.subnetp2p.discovery.gossip.wire.FetchResponse;
import org.subnetp2p.discovery.gossip.wire.InventoryRequest;
import org.subnetp2p.discovery.gossip.wire.InventoryResponse;
import org.subnetp2p.discovery.gossip.wire.WireCodec;
import org.subnetp2p.discovery.gossip.wire.WireMessage;

/**
 * Asks peers over {@code /subnet/merkle_dag_sync_protocol/1.0.0}, with the request messages
 * subnet-template's coordinator sends. One stream per request; the whole exchange, opening the
 * stream included, has one deadline. Blocks: call it from a virtual thread.
 */
public final class SyncClient {
  private final Host host;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final Json.Limits json;
  private final LongSupplier clock;

  /**
   * @param timeout the deadline of one exchange
   * @param maxResponseBytes the largest answer read
   * @param clock the time in Unix milliseconds, for message ids and timestamps
   */
  public SyncClient(Host host, Duration timeout, int maxResponseBytes, LongSupplier clock) {
    this.host = host;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.json = new Json.Limits(maxResponseBytes, 32);
    this.clock = clock;
  }

  /** Asks {@code peer} for its summary, telling it ours. */
  public InventoryResponse inventory(PeerId peer, DagStore.Summary ours)
      throws IOException, RecordException {
    long now = clock.getAsLong();
    InventoryRequest request =
        new InventoryRequest(
            messageId("inventory", peer, now),
            PeerStateRecords.NAMESPACE,
            host.peerId().toBase58(),
            now,
            ours.headIds(),
            ours.nodeCount());
    return call(peer, request, InventoryResponse.class);
  }

  /** Asks {@code peer} for the nodes {@code ids}, with bodies and without ancestors. */
  public FetchResponse fetch(PeerId peer, List<String> ids) throws IOException, RecordException {
    long now = clock.getAsLong();
    FetchRequest request =
        new FetchRequest(
            messageId("fetch", peer, now),
            PeerStateRecords.NAMESPACE,
            host.peerId().toBase58(),
            now,
            ids,
            true,
            0);
    return call(peer, request, FetchResponse.class);
  }

  private String messageId(String prefix, PeerId peer, long now) {
    return prefix + ":" + host.peerId().toBase58() + ":" + peer.toBase58() + ":" + now;
  }

  private <T extends WireMessage> T call(PeerId peer, WireMessage request, Class<T> expected)
      throws IOException, RecordException {
    Instant deadline = Instant.now().plus(timeout);
    Stream stream = open(peer, deadline);
    try {
      stream.setWriteDeadline(deadline);
      stream.setReadDeadline(deadline);
      Frames.write(stream, WireCodec.encode(request));
      stream.closeWrite();
      WireMessage answer = WireCodec.decode(Frames.read(stream, maxResponseBytes), json);
      if (!expected.isInstance(answer)) {
        throw new IOException("answered with " + answer.kind());
      }
      stream.close();
      return expected.cast(answer);
    } catch (IOException | RecordException | RuntimeException e) {
      stream.reset();
      throw e;
    }
  }

  private Stream open(PeerId peer, Instant deadline) throws IOException {
    CompletableFuture<Stream> opening = host.newStream(peer, List.of(SyncServer.PROTOCOL_ID));
    try {
      long nanos = Math.max(1, Duration.between(Instant.now(), deadline).toNanos());
      return opening.get(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      opening.thenAccept(Stream::reset);
      throw new InterruptedIOException("interrupted opening a sync stream");
    } catch (TimeoutException e) {
      opening.thenAccept(Stream::reset);
      throw new IOException("timed out opening a sync stream to " + peer);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }
  }
}
