package org.subnetp2p.gossipsub.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.ProtocolNotSupportedException;
import org.subnetp2p.core.host.Stream;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.record.InvalidRecordException;
import org.subnetp2p.core.record.PeerRecord;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.ScoreParams;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.router.Router;
import org.subnetp2p.gossipsub.wire.Protocol;
import org.subnetp2p.gossipsub.wire.RpcFrames;

/**
 * The streams to every pubsub peer, per the pubsub spec: one long-lived outbound stream of ours for
 * writing, and the peer's inbound stream for reading. Each peer has a bounded outbound queue
 * drained by its own writer thread and a reader thread that hands decoded RPCs to the router's
 * loop, at most a few at a time, so a flooding peer only slows its own stream. Network threads are
 * never blocked: listeners only start virtual threads or queue tasks.
 */
public final class PeerStreams implements ConnectionListener, AddressBook.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PeerStreams.class);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IDENTIFY_GRACE = Duration.ofSeconds(1);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);
  private static final int BATCH_BYTES = 256 * 1024;

  /**
   * How long closing waits for the writers to hand what they are writing to the transport, which
   * sends it before the connection closes; the peer's reader takes it even after the end.
   */
  private static final Duration WRITERS_STOP = Duration.ofSeconds(2);

  /**
   * How long a peer's new streams wait before joining the router while its previous connection's
   * reader still takes what arrived before that connection ended (memory-bound, so quick).
   */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The inbound stream's read buffer, for the varint prefixes and small RPCs; a larger body is read
   * past it in one call. Held for the stream's life, once per peer: 64 KiB made it ~60 KiB of the
   * ~120 KiB heap per connection in the 100-node soak (BENCHMARKS.md).
   */
  private static final int READ_BUFFER = 2 * 1024;

  private static final int MAX_OPEN_ATTEMPTS = 5;
  private static final int MAX_MALFORMED_IN_A_ROW = 10;

  private final Host host;
  private final GossipSubConfig config;
  private final ScoreParams.Penalties penalties;
  private final EventLoop loop;
  private final Router router;
  private final Set<String> protocols;
  private final ConcurrentHashMap<PeerId, Channel> channels = new ConcurrentHashMap<>();
  // Peers whose last connection ended while its reader takes what was left: done once they left
  // the router.
  private final ConcurrentHashMap<PeerId, CompletableFuture<Void>> draining =
      new ConcurrentHashMap<>();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private volatile boolean closed;

  /** Streams for {@code router}, whose methods are only ever called on {@code loop}. */
  public PeerStreams(Host host, GossipSubConfig config, EventLoop loop, Router router) {
    this.host = host;
    this.config = config;
    this.penalties = config.score().penalties();
    this.loop = loop;
    this.router = router;
    this.protocols = Set.copyOf(config.protocols());
  }

  /** Serves the pubsub protocols and starts talking to every connected peer that speaks one. */
  public void start() {
    for (String p : config.protocols()) {
      host.setStreamHandler(p, this::serveInbound);
    }
    host.addConnectionListener(this);
    host.addressBook().addListener(this);
    for (Connection c : host.connections()) {
      connected(c);
    }
  }

  /** Queues {@code rpc} for {@code peer}; never blocks. */
  public void send(PeerId peer, byte[] rpc, boolean control, CompletableFuture<Void> written) {
    Channel ch = channels.get(peer);
    if (ch == null) {
      if (written != null) {
        written.completeExceptionally(new IOException("not connected to " + peer));
      }
      return;
    }
    if (!ch.queue.offer(new OutboundQueue.Frame(rpc, written), control)) {
      droppedFrames.incrementAndGet();
      LOG.debug("dropped a frame to {}: its outbound queue is full", peer);
    }
  }

  /**
   * The peers the router graylists now: their frames are still read (the stream stays in step) but
   * no longer decoded, which is most of what a flooding peer would cost. The router drops their
   * RPCs anyway.
   */
  public void graylist(Set<PeerId> peers) {
    for (Channel ch : channels.values()) {
      ch.graylisted = peers.contains(ch.peer);
    }
  }

  /** Frames dropped because a peer's queue was full. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /** RPC bytes written to pubsub streams, length prefixes included. */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** RPC bytes read from pubsub streams, length prefixes included. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  // ------------------------------------------------------------ connection events

  @Override
  public void connected(Connection connection) {
    if (closed) {
      return;
    }
    PeerId peer = connection.remotePeer();
    Channel ch = channel(peer);
    Stream current = ch.outbound;
    if (current != null && current.connection() != connection) {
      // This connection replaces the one our stream is on (say the peer came back after a crash
      // we had not noticed): the writer moves to it rather than wait on a dead stream.
      ch.queue.wakeWriter();
    }
    if (speaksPubsub(host.addressBook().protocols(peer))) {
      openOutbound(ch);
    } else {
      // Identify has not told us yet: try anyway a little later; negotiation answers cheaply.
      SharedTimer.once(
          IDENTIFY_GRACE,
          () -> {
            if (!ch.unsupported && host.connection(peer).isPresent()) {
              openOutbound(ch);
            }
          });
    }
  }

  @Override
  public void disconnected(Connection connection) {
    PeerId peer = connection.remotePeer();
    if (host.connection(peer).isPresent()) {
      // Another connection to the peer carries on; a writer still on this one moves to it.
      Channel ch = channels.get(peer);
      if (ch != null) {
        ch.queue.wakeWriter();
      }
      return;
    }
    leave(peer);
  }

  /**
   * The peer has no connection left: its channel closes, and it leaves the router once its reader
   * took what had arrived. Once per channel.
   */
  private void leave(PeerId peer) {
    Channel ch = channels.remove(peer);
    if (ch == null) {
      return;
    }
    // The peer's inbound stream keeps what arrived before the connection ended: its reader takes
    // that (the RPCs go to the router in order), and only then does the peer leave the router.
    ch.close(new IOException("disconnected from " + peer), false);
    CompletableFuture<Void> left = new CompletableFuture<>();
    draining.put(peer, left);
    ch.readerEnded.whenComplete(
        (v, e) ->
            loop.execute(
                () -> {
                  try {
                    ch.leftRouter = true;
                    router.removePeer(peer);
                  } finally {
                    draining.remove(peer, left);
                    left.complete(null);
                  }
                }));
  }

  /**
   * Waits (at most {@link #DRAIN_TIMEOUT}) until the peer's previous connection has left the
   * router, so that a new connection's streams join it afresh instead of being removed with it.
   */
  private void awaitDrained(PeerId peer) throws InterruptedException {
    CompletableFuture<Void> left = draining.get(peer);
    if (left == null) {
      return;
    }
    try {
      left.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("the previous connection of {} was still draining: {}", peer, e.toString());
    }
  }

  @Override
  public void protocolsChanged(PeerId peer, Set<String> announced) {
    if (closed || !speaksPubsub(announced) || host.connection(peer).isEmpty()) {
      return;
    }
    Channel ch = channel(peer);
    ch.unsupported = false;
    openOutbound(ch);
  }

  private boolean speaksPubsub(Collection<String> announced) {
    for (String p : announced) {
      if (protocols.contains(p)) {
        return true;
      }
    }
    return false;
  }

  private Channel channel(PeerId peer) {
    return channels.computeIfAbsent(
        peer,
        p ->
            new Channel(
                p,
                config.outboundQueueFrames(),
                config.outboundQueueBytes(),
                config.maxInflightRpcsPerPeer()));
  }

  // ------------------------------------------------------------ outbound

  private void openOutbound(Channel ch) {
    if (closed || ch.closed || ch.outbound != null || !ch.opening.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ch.writerEnded = ended;
    Thread.ofVirtual()
        .name("gossipsub-out " + ch.peer)
        .start(
            () -> {
              try {
                runOutbound(ch);
              } finally {
                ended.complete(null);
              }
            });
  }

  private void runOutbound(Channel ch) {
    boolean retry = false;
    try {
      Optional<Connection> connection = host.connection(ch.peer);
      if (connection.isEmpty()) {
        return;
      }
      Stream stream;
      try {
        stream =
            connection
                .get()
                .newStream(config.protocols())
                .get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ProtocolNotSupportedException) {
          ch.unsupported = true;
        } else {
          retry = true;
          LOG.debug("opening a pubsub stream to {} failed: {}", ch.peer, e.getCause().toString());
        }
        return;
      } catch (TimeoutException e) {
        retry = true;
        return;
      }
      Protocol protocol = Protocol.of(stream.protocol());
      if (protocol == null || ch.closed || closed) {
        stream.reset();
        return;
      }
      ch.outbound = stream;
      ch.attempts = 0;
      ch.queue.discard(false);
      awaitDrained(ch.peer);
      peerUp(ch, stream.connection(), protocol, true);
      retry = !writeHello(ch, stream) || writeLoop(ch, stream);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ch.outbound = null;
      ch.opening.set(false);
      if (retry && !ch.closed && !closed && ++ch.attempts <= MAX_OPEN_ATTEMPTS) {
        SharedTimer.once(Duration.ofSeconds(ch.attempts), () -> openOutbound(ch));
      } else if (!ch.closed) {
        ch.queue.discard(true); // nobody will drain it: do not let frames pile up
      }
    }
  }

  private boolean onCurrentConnection(Channel ch, Stream stream) {
    Connection c = stream.connection();
    return c.isOpen() && host.connection(ch.peer).map(current -> current == c).orElse(false);
  }

  /**
   * Begins the stream with our subscriptions, whatever the router remembers of the peer: the
   * connection may be new and the peer a new process (restarted with the same identity) that knows
   * nothing of us. False, with the stream reset, if the write failed.
   */
  private boolean writeHello(Channel ch, Stream stream) {
    try {
      write(stream, router.hello());
      return true;
    } catch (IOException e) {
      stream.reset();
      LOG.debug("pubsub stream to {} failed: {}", ch.peer, e.toString());
      return false;
    }
  }

  /** Writes {@code rpcs}, each with its length prefix, in one write (none if empty). */
  private void write(Stream stream, List<byte[]> rpcs) throws IOException {
    if (rpcs.isEmpty()) {
      return;
    }
    // Sized to the batch: an idle peer holds no buffer (a thousand peers, a thousand streams).
    int size = 0;
    for (byte[] rpc : rpcs) {
      size += RpcFrames.frameLength(rpc);
    }
    byte[] buffer = new byte[size];
    int length = 0;
    for (byte[] rpc : rpcs) {
      length = RpcFrames.write(rpc, buffer, length);
    }
    stream.setWriteDeadline(Instant.now().plus(WRITE_TIMEOUT));
    stream.write(buffer, 0, length);
    bytesSent.addAndGet(length);
  }

  /** Writes queued frames until the stream or the channel closes; true if worth reopening. */
  private boolean writeLoop(Channel ch, Stream stream) throws InterruptedException {
    while (true) {
      List<OutboundQueue.Frame> batch = ch.queue.take(BATCH_BYTES, Long.MAX_VALUE);
      if (batch == null) {
        // FIN behind the last frame; the transport delivers it all, and the peer's reader takes
        // it, even when the connection closes right after.
        stream.close();
        return false;
      }
      if (batch.isEmpty()) { // woken: is the stream still on the peer's connection?
        if (!onCurrentConnection(ch, stream)) {
          stream.reset();
          return true; // reopened on the connection that replaced it
        }
        continue;
      }
      try {
        write(stream, batch.stream().map(OutboundQueue.Frame::rpc).toList());
      } catch (IOException e) {
        batch.forEach(f -> f.fail(e));
        ch.queue.batchDone();
        stream.reset();
        LOG.debug("pubsub stream to {} failed: {}", ch.peer, e.toString());
        return true;
      }
      for (OutboundQueue.Frame f : batch) {
        if (f.written() != null) {
          f.written().complete(null);
        }
      }
      ch.queue.batchDone();
    }
  }

  private void peerUp(Channel ch, Connection connection, Protocol protocol, boolean ours) {
    boolean outboundConnection = connection.direction() == Direction.OUTBOUND;
    String ip = ip(connection.remoteAddress());
    loop.execute(
        () -> {
          // Not ch.closed: a peer gone before this ran (the connection closed meanwhile) still
          // joins, since its reader's RPCs come next and need it; it leaves after them.
          if (closed || ch.leftRouter) {
            return;
          }
          router.addPeer(ch.peer, protocol, outboundConnection, ip);
          if (ours) {
            router.peerProtocol(ch.peer, protocol);
          }
        });
  }

  private static String ip(Multiaddr address) {
    if (address == null) {
      return null;
    }
    return address
        .valueOf(org.subnetp2p.core.multiaddr.Protocol.IP4)
        .or(() -> address.valueOf(org.subnetp2p.core.multiaddr.Protocol.IP6))
        .orElse(null);
  }

  // ------------------------------------------------------------ inbound

  private void serveInbound(Stream stream) {
    if (closed) {
      stream.reset();
      return;
    }
    Protocol protocol = Protocol.of(stream.protocol());
    PeerId peer = stream.remotePeer();
    Channel ch = channel(peer);
    // One inbound stream per peer: a newer one (say after a reconnect) replaces the older.
    Stream previous = ch.inbound;
    ch.inbound = stream;
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ch.readerEnded = ended;
    if (previous != null) {
      previous.reset();
    }
    try {
      awaitDrained(peer);
      peerUp(ch, stream.connection(), protocol, false);
      if (ch.outbound == null) {
        ch.unsupported = false;
        openOutbound(ch);
      }
      readLoop(ch, stream);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stream.reset();
    } finally {
      if (ch.inbound == stream) {
        ch.inbound = null;
      }
      if (!closed && channels.get(peer) == ch && host.connection(peer).isEmpty()) {
        // Served after the peer's last connection had closed (its event came first and found no
        // channel, or an older one): no event will take this channel out of the router.
        leave(peer);
      }
      ended.complete(null);
    }
  }

  private void readLoop(Channel ch, Stream stream) {
    InputStream in = new BufferedInputStream(stream.inputStream(), READ_BUFFER);
    int malformedInARow = 0;
    while (!closed) { // not ch.closed: after a disconnect the reader takes what is left
      byte[] frame;
      try {
        int first = in.read();
        if (first < 0) {
          stream.close(); // the peer's FIN: answered, so that the stream ends on both sides
          return;
        }
        stream.setReadDeadline(Instant.now().plus(FRAME_TIMEOUT));
        frame = RpcFrames.readAfter(first, in, config.maxRpcSize());
        stream.setReadDeadline(null);
        bytesReceived.addAndGet(RpcFrames.frameLength(frame));
      } catch (RpcFrames.FrameTooLargeException e) {
        // js-libp2p closes the stream too; nothing of the frame was read or allocated.
        penalize(ch.peer, penalties.oversizedRpc());
        LOG.debug("reset the pubsub stream of {}: {}", ch.peer, e.getMessage());
        stream.reset();
        return;
      } catch (IOException e) {
        return; // reset, closed, or a stalled frame
      }
      if (ch.graylisted) {
        continue;
      }
      RPC rpc;
      try {
        rpc = RPC.parseFrom(frame);
      } catch (InvalidProtocolBufferException e) {
        penalize(ch.peer, penalties.malformedRpc());
        if (++malformedInARow >= MAX_MALFORMED_IN_A_ROW) {
          stream.reset();
          return;
        }
        continue;
      }
      malformedInARow = 0;
      if (rpc.hasSenderRecord() && !senderRecordValid(ch, rpc.getSenderRecord())) {
        // py-libp2p ignores such an RPC whole; so do we.
        penalize(ch.peer, penalties.invalidSenderRecord());
        continue;
      }
      try {
        ch.inflight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      loop.execute(
          () -> {
            try {
              router.handleRpc(ch.peer, rpc);
            } finally {
              ch.inflight.release();
            }
          });
    }
  }

  private boolean senderRecordValid(Channel ch, ByteString envelope) {
    if (envelope.equals(ch.verifiedRecord)) {
      return true;
    }
    try {
      PeerRecord record = PeerRecord.fromEnvelope(envelope.toByteArray());
      if (!record.peerId().equals(ch.peer)) {
        return false;
      }
    } catch (InvalidRecordException | RuntimeException e) {
      return false;
    }
    ch.verifiedRecord = envelope;
    loop.execute(() -> router.peerRecord(ch.peer, envelope));
    return true;
  }

  private void penalize(PeerId peer, double amount) {
    loop.execute(() -> router.penalize(peer, amount));
  }

  // ------------------------------------------------------------ shutdown

  /**
   * Waits (at most {@code timeout}) for every queued frame to be written, e.g. so that a
   * short-lived publisher's message leaves before it exits.
   */
  public void flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Channel ch : channels.values()) {
      if (ch.outbound != null) {
        ch.queue.awaitEmpty(Math.max(0, deadline - System.nanoTime()));
      }
    }
  }

  /**
   * Stops serving, fails every queued frame and closes every stream; waits (at most {@link
   * #WRITERS_STOP}) until the writers have handed what they were writing to the transport, which
   * sends it before the connection closes. Idempotent.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.removeConnectionListener(this);
    host.addressBook().removeListener(this);
    for (String p : config.protocols()) {
      host.removeStreamHandler(p);
    }
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (Channel ch : channels.values()) {
      ch.close(new IOException("gossipsub closed"), true);
      writers.add(ch.writerEnded);
    }
    channels.clear();
    try {
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new))
          .get(WRITERS_STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("pubsub writers did not all finish at close: {}", e.toString());
    }
  }

  /** The streams and queue of one peer. */
  private static final class Channel {
    final PeerId peer;
    final OutboundQueue queue;
    final AtomicBoolean opening = new AtomicBoolean();
    final Semaphore inflight;
    volatile Stream outbound;
    volatile Stream inbound;
    volatile boolean unsupported;
    volatile boolean graylisted;
    volatile boolean closed;
    boolean leftRouter; // router thread only: removed from the router; it must not join again
    volatile ByteString verifiedRecord;
    volatile int attempts;
    volatile CompletableFuture<Void> writerEnded = CompletableFuture.completedFuture(null);
    volatile CompletableFuture<Void> readerEnded = CompletableFuture.completedFuture(null);

    Channel(PeerId peer, int maxFrames, long maxBytes, int maxInflight) {
      this.peer = peer;
      this.queue = new OutboundQueue(maxFrames, maxBytes);
      this.inflight = new Semaphore(maxInflight);
    }

    /** Stops writing; the inbound stream is reset too, or left to its reader to finish. */
    void close(IOException cause, boolean resetInbound) {
      closed = true;
      queue.close(cause);
      Stream in = inbound;
      if (in != null && resetInbound) {
        in.reset();
      }
    }
  }
}
