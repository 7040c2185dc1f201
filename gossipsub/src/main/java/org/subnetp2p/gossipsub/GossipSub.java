package org.subnetp2p.gossipsub;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.protocol.MessageTooLargeException;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.core.pubsub.PubSub;
import org.subnetp2p.core.pubsub.TopicValidator;
import org.subnetp2p.gossipsub.router.PendingMessage;
import org.subnetp2p.gossipsub.router.Router;
import org.subnetp2p.gossipsub.router.RouterOutput;
import org.subnetp2p.gossipsub.runtime.EventLoop;
import org.subnetp2p.gossipsub.runtime.Messages;
import org.subnetp2p.gossipsub.runtime.PeerExchange;
import org.subnetp2p.gossipsub.runtime.PeerStreams;
import org.subnetp2p.gossipsub.runtime.SharedTimer;
import org.subnetp2p.gossipsub.runtime.Subscriptions;
import org.subnetp2p.gossipsub.runtime.Validation;
import org.subnetp2p.gossipsub.wire.MessageSigning;
import org.subnetp2p.gossipsub.wire.Protocol;
import org.subnetp2p.gossipsub.wire.RpcEncoder;

/**
 * GossipSub on a {@link Host}: {@code /meshsub/2.0.0} as py-libp2p (and so subnet-template) speaks
 * it, {@code /meshsub/1.2.0}, {@code /meshsub/1.1.0} and {@code /floodsub/1.0.0}, proposed newest
 * first, each peer handled by the version it negotiated.
 *
 * <pre>{@code
 * GossipSub pubsub = GossipSub.create(host, identityKey, GossipSubConfig.defaults());
 * pubsub.subscribe("peer_state", m -> System.out.println(new String(m.data(), UTF_8)));
 * pubsub.publish("peer_state", "hello".getBytes(UTF_8)).join();
 * }</pre>
 *
 * <p>The router runs on one virtual thread of its own; handlers and validators on virtual threads;
 * every stream has a bounded queue; nothing runs on network threads.
 */
public final class GossipSub implements PubSub {
  private static final Logger LOG = LoggerFactory.getLogger(GossipSub.class);
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

  private final Host host;
  private final PrivateKey identity;
  private final GossipSubConfig config;
  private final EventLoop loop;
  private final Router router;
  private final RpcEncoder encoder;
  private final PeerStreams streams;
  private final Validation validation;
  private final Subscriptions subscriptions;
  private final PeerExchange peerExchange;
  private final ScheduledFuture<?> heartbeat;
  private final ScheduledFuture<?> decay;
  private final GossipSubMeters meters;
  private final AtomicLong seqno = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
  private final ByteString self;
  private volatile boolean closed;

  private GossipSub(Host host, PrivateKey identity, GossipSubConfig config) {
    this.host = Objects.requireNonNull(host, "host");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.config = Objects.requireNonNull(config, "config");
    if (!PeerId.fromPublicKey(identity.publicKey()).equals(host.peerId())) {
      throw new IllegalArgumentException("the identity key is not the host's");
    }
    this.self = ByteString.copyFrom(host.peerId().toBytes());
    this.loop = new EventLoop("gossipsub " + host.peerId());
    this.encoder = new RpcEncoder(config.maxRpcSize(), host::signedPeerRecord);
    this.peerExchange = new PeerExchange(host);
    Output output = new Output();
    this.router = new Router(config, output, encoder, System::nanoTime, new Random());
    this.meters = new GossipSubMeters(host.meterRegistry(), router.stats());
    this.streams = new PeerStreams(host, config, loop, router);
    this.validation =
        new Validation(config.signaturePolicy(), config.validationTimeout(), loop, router);
    this.subscriptions =
        new Subscriptions(
            config.subscriptionQueueSize(),
            topic -> {
              meters.joined(topic); // before the first heartbeat: a scrape shows it at once
              loop.execute(() -> router.join(topic));
            },
            topic -> loop.execute(() -> router.leave(topic)));
    this.heartbeat =
        SharedTimer.every(
            config.heartbeatInitialDelay(),
            config.heartbeatInterval(),
            () ->
                loop.execute(
                    () -> {
                      router.heartbeat();
                      streams.graylist(router.graylisted());
                      meters.update(router);
                    }));
    Duration decayInterval = config.score().decayInterval();
    this.decay =
        SharedTimer.every(decayInterval, decayInterval, () -> loop.execute(router::decayScores));
    streams.start();
  }

  /**
   * A GossipSub serving on {@code host} from now on (the host may be started later).
   *
   * @param identity the host's private key, which signs what this node publishes
   * @throws IllegalArgumentException if {@code identity} is not the host's key
   */
  public static GossipSub create(Host host, PrivateKey identity, GossipSubConfig config) {
    return new GossipSub(host, identity, config);
  }

  /** The settings. */
  public GossipSubConfig config() {
    return config;
  }

  /** Runs {@code task} on the router's thread, behind what is queued there; for tests. */
  void runOnRouterThread(Runnable task) {
    loop.execute(task);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] data) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(data, "data");
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("gossipsub is closed"));
    }
    if (data.length > config.maxMessageSize()) {
      return CompletableFuture.failedFuture(
          new MessageTooLargeException("message data", data.length, config.maxMessageSize()));
    }
    if (topic.isEmpty() || topic.length() > config.maxTopicLength()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "a topic must have 1 to " + config.maxTopicLength() + " characters"));
    }
    org.subnetp2p.gossipsub.pb.Message.Builder b =
        org.subnetp2p.gossipsub.pb.Message.newBuilder()
            .addTopic(topic)
            .setData(ByteString.copyFrom(data));
    org.subnetp2p.gossipsub.pb.Message msg;
    if (config.signaturePolicy().signs()) {
      byte[] seq = ByteBuffer.allocate(8).putLong(seqno.incrementAndGet()).array();
      b.setFrom(self).setSeqno(ByteString.copyFrom(seq));
      msg = MessageSigning.sign(b.build(), identity);
    } else {
      msg = b.build();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> router.publish(topic, msg, done));
    return done;
  }

  @Override
  public Subscription subscribe(String topic, Consumer<PubSub.Message> handler) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("gossipsub is closed");
    }
    if (topic.isEmpty() || topic.length() > config.maxTopicLength()) {
      throw new IllegalArgumentException(
          "a topic must have 1 to " + config.maxTopicLength() + " characters");
    }
    return subscriptions.add(topic, handler);
  }

  @Override
  public void addValidator(String topic, TopicValidator validator) {
    validation.add(Objects.requireNonNull(topic), Objects.requireNonNull(validator));
  }

  @Override
  public void removeValidator(String topic, TopicValidator validator) {
    validation.remove(topic, validator);
  }

  @Override
  public Set<String> topics() {
    return loop.call(router::topics, QUERY_TIMEOUT);
  }

  @Override
  public Set<PeerId> peers(String topic) {
    return loop.call(() -> router.peers(topic), QUERY_TIMEOUT);
  }

  @Override
  public Set<PeerId> meshPeers(String topic) {
    return loop.call(() -> router.meshPeers(topic), QUERY_TIMEOUT);
  }

  @Override
  public List<PeerScore> scores() {
    return loop.call(router::scores, QUERY_TIMEOUT);
  }

  /** Every connected peer that speaks a pubsub protocol with us. */
  public Set<PeerId> pubsubPeers() {
    return loop.call(router::allPeers, QUERY_TIMEOUT);
  }

  /** The pubsub protocol id {@code peer} negotiated, if it is a pubsub peer. */
  public java.util.Optional<String> protocolOf(PeerId peer) {
    Protocol p = loop.call(() -> router.protocolOf(peer), QUERY_TIMEOUT);
    return java.util.Optional.ofNullable(p).map(Protocol::id);
  }

  /** The score of {@code peer} (0 for a peer never seen). */
  public double score(PeerId peer) {
    return loop.call(() -> router.score(peer), QUERY_TIMEOUT);
  }

  /** The router's counters. */
  public GossipSubStats stats() {
    return loop.call(router::stats, QUERY_TIMEOUT);
  }

  /** Frames dropped because a peer's outbound queue was full. */
  public long droppedFrames() {
    return streams.droppedFrames();
  }

  /** RPC bytes written to peers so far (pubsub frames; the muxer's and Noise's not counted). */
  public long bytesSent() {
    return streams.bytesSent();
  }

  /** RPC bytes read from peers so far (pubsub frames). */
  public long bytesReceived() {
    return streams.bytesReceived();
  }

  /** Messages dropped because a subscription's handler did not keep up. */
  public long droppedDeliveries() {
    return subscriptions.dropped();
  }

  /**
   * Announces leaving every topic, writes what is queued (for at most 2 s), then closes every
   * stream and stops. The host stays open. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.cancel(false);
    decay.cancel(false);
    subscriptions.closeAll();
    try {
      loop.call(
          () -> {
            for (String topic : router.topics()) {
              router.leave(topic);
            }
            return null;
          },
          QUERY_TIMEOUT);
      streams.flush(FLUSH_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.debug("leaving topics at close failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    streams.close();
    validation.close();
    loop.close();
  }

  /** What the router asks for, routed to streams, validation and subscriptions. */
  private final class Output implements RouterOutput {
    @Override
    public void send(PeerId peer, byte[] rpc, boolean control, CompletableFuture<Void> written) {
      streams.send(peer, rpc, control, written);
    }

    @Override
    public void validate(PendingMessage pending) {
      validation.validate(pending);
    }

    @Override
    public void deliver(
        String topic,
        org.subnetp2p.gossipsub.pb.Message message,
        ByteString id,
        PeerId receivedFrom) {
      subscriptions.deliver(topic, Messages.toApi(topic, message, id));
    }

    @Override
    public void connect(PeerId peer, ByteString signedRecord) {
      peerExchange.connect(peer, signedRecord);
    }
  }
}
