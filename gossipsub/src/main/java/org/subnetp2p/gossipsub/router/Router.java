package org.subnetp2p.gossipsub.router;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.pubsub.PeerScore;
import org.subnetp2p.gossipsub.GossipSubConfig;
import org.subnetp2p.gossipsub.GossipSubStats;
import org.subnetp2p.gossipsub.MessageIdFunction;
import org.subnetp2p.gossipsub.ScoreParams;
import org.subnetp2p.gossipsub.TopicScoreParams;
import org.subnetp2p.gossipsub.pb.ControlGraft;
import org.subnetp2p.gossipsub.pb.ControlIDontWant;
import org.subnetp2p.gossipsub.pb.ControlIHave;
import org.subnetp2p.gossipsub.pb.ControlIWant;
import org.subnetp2p.gossipsub.pb.ControlMessage;
import org.subnetp2p.gossipsub.pb.ControlPrune;
import org.subnetp2p.gossipsub.pb.Message;
import org.subnetp2p.gossipsub.pb.PeerInfo;
import org.subnetp2p.gossipsub.pb.RPC;
import org.subnetp2p.gossipsub.score.PeerScoring;
import org.subnetp2p.gossipsub.wire.GossipIds;
import org.subnetp2p.gossipsub.wire.Protocol;
import org.subnetp2p.gossipsub.wire.RpcEncoder;

/**
 * The GossipSub router (v1.0 to v1.2, py-libp2p's 2.0, floodsub peers): topic meshes, fanout,
 * gossip, the seen and message caches, peer scoring and the spam guards.
 *
 * <p>It is a plain state machine, not thread-safe: every method must be called from one thread at a
 * time (the owner's event loop). It never blocks; whatever it sends, validates or delivers goes
 * through {@link RouterOutput}.
 */
public final class Router {
  /** Most seen ids remembered; beyond, the oldest are forgotten early. */
  private static final int SEEN_CAPACITY = 250_000;

  /** Heartbeats an IDONTWANT is honoured for. */
  private static final int IDONTWANT_TICKS = 3;

  /** Backoffs are swept every this many heartbeats. */
  private static final int BACKOFF_SWEEP_TICKS = 15;

  /** The longest backoff a peer may ask for in a PRUNE. */
  private static final long MAX_REMOTE_BACKOFF_SECONDS = 3600;

  private final GossipSubConfig config;
  private final ScoreParams scoreParams;
  private final RouterOutput out;
  private final LongSupplier clock;
  private final Random random;
  private final RpcEncoder encoder;
  private final PeerScoring scoring;
  private final MessageCache mcache;
  private final Deliveries deliveries;
  private final GossipPromises promises = new GossipPromises();
  private final Backoffs backoffs = new Backoffs();

  private final Map<PeerId, PeerState> peers = new HashMap<>();
  private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  private final Set<String> subscriptions = new LinkedHashSet<>();
  private volatile List<byte[]> hello = List.of(); // subscriptions, encoded for any thread
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> lastPublish = new HashMap<>();
  private final Map<PeerId, ControlMessage.Builder> pendingControl = new LinkedHashMap<>();
  private final Map<PeerId, ByteString> peerRecords = new HashMap<>();
  private final RouterStats stats = new RouterStats();

  private long ticks;
  private int validating;

  /**
   * A router.
   *
   * @param config the settings
   * @param out where sends, validations and deliveries go
   * @param encoder encodes outbound RPCs within the maximum size
   * @param clock monotonic nanoseconds
   * @param random the source of every random choice (seed it for reproducible tests)
   */
  public Router(
      GossipSubConfig config,
      RouterOutput out,
      RpcEncoder encoder,
      LongSupplier clock,
      Random random) {
    this.config = config;
    this.scoreParams = config.score();
    this.out = out;
    this.encoder = encoder;
    this.clock = clock;
    this.random = random;
    this.scoring = new PeerScoring(config.score(), clock);
    this.mcache = new MessageCache(config.mcacheGossip(), config.mcacheLength());
    this.deliveries = new Deliveries(config.seenTtl().toNanos(), SEEN_CAPACITY);
  }

  // ---------------------------------------------------------------- peers

  /**
   * A pubsub peer appeared (a stream of ours or theirs was negotiated); a peer already known stays
   * as it is. Our subscriptions are not sent from here but at the start of each stream of ours
   * ({@link #hello()}): a peer kept across a change of connections may be a new process that has
   * forgotten them.
   *
   * @param outboundConnection whether we dialled its connection (for D_out)
   * @param ip its IP address, for P6; {@code null} if unknown
   */
  public void addPeer(PeerId peer, Protocol protocol, boolean outboundConnection, String ip) {
    if (peers.containsKey(peer)) {
      return;
    }
    PeerState ps = new PeerState(peer, protocol, outboundConnection, ip);
    peers.put(peer, ps);
    scoring.addPeer(peer, ip);
  }

  /**
   * Our subscriptions, as the RPCs that begin each stream of ours; empty without any. Safe to read
   * from any thread: a stream's writer sends them before anything queued for the peer, so that a
   * GRAFT never reaches it before the subscription that makes the GRAFT acceptable.
   */
  public List<byte[]> hello() {
    return hello;
  }

  /** The peer's protocol is now {@code protocol} (our own stream to it was negotiated). */
  public void peerProtocol(PeerId peer, Protocol protocol) {
    PeerState ps = peers.get(peer);
    if (ps != null) {
      ps.protocol = protocol;
    }
  }

  /** The peer disconnected: it leaves every mesh, fanout and topic. */
  public void removePeer(PeerId peer) {
    PeerState ps = peers.remove(peer);
    if (ps == null) {
      return;
    }
    for (String topic : ps.topics) {
      removeFromTopic(topic, peer);
    }
    mesh.values().forEach(m -> m.remove(peer));
    fanout.values().forEach(f -> f.remove(peer));
    promises.removePeer(peer);
    pendingControl.remove(peer);
    peerRecords.remove(peer);
    scoring.removePeer(peer);
  }

  /** The peer's verified signed peer record, offered to others in peer exchange. */
  public void peerRecord(PeerId peer, ByteString envelope) {
    if (peers.containsKey(peer)) {
      peerRecords.put(peer, envelope);
    }
  }

  /** Adds {@code amount} to a peer's behaviour penalty (P7), e.g. for a malformed frame. */
  public void penalize(PeerId peer, double amount) {
    scoring.addPenalty(peer, amount);
  }

  // ---------------------------------------------------------------- inbound RPCs

  /** Handles one decoded RPC from {@code from}. */
  public void handleRpc(PeerId from, RPC rpc) {
    PeerState ps = peers.get(from);
    if (ps == null) {
      return;
    }
    if (scoring.score(from) < scoreParams.graylistThreshold()) {
      stats.graylistedRpcs++;
      return;
    }
    if (rpc.getSubscriptionsCount() > config.maxSubscriptionsPerRpc()) {
      stats.malformedRpcs++;
      scoring.addPenalty(from, scoreParams.penalties().malformedRpc());
      return;
    }
    long now = clock.getAsLong();
    for (RPC.SubOpts sub : rpc.getSubscriptionsList()) {
      handleSubscription(ps, sub);
    }
    for (Message m : rpc.getPublishList()) {
      handleMessage(ps, m, now);
    }
    if (rpc.hasControl() && ps.protocol.gossips()) {
      ControlMessage c = rpc.getControl();
      for (ControlIWant iwant : c.getIwantList()) {
        handleIWant(ps, iwant, now);
      }
      for (ControlIHave ihave : c.getIhaveList()) {
        handleIHave(ps, ihave, now);
      }
      for (ControlGraft graft : c.getGraftList()) {
        handleGraft(ps, graft.getTopicID(), now);
      }
      for (ControlPrune prune : c.getPruneList()) {
        handlePrune(ps, prune, now);
      }
      for (ControlIDontWant idw : c.getIdontwantList()) {
        handleIDontWant(ps, idw);
      }
    }
    flushControl();
  }

  private void handleSubscription(PeerState ps, RPC.SubOpts sub) {
    String topic = sub.getTopicid();
    if (topic.isEmpty() || topic.length() > config.maxTopicLength()) {
      return;
    }
    if (sub.getSubscribe()) {
      if (ps.topics.contains(topic) || ps.topics.size() >= config.maxTopicsPerPeer()) {
        return;
      }
      ps.topics.add(topic);
      topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(ps.id);
    } else if (ps.topics.remove(topic)) {
      removeFromTopic(topic, ps.id);
      Set<PeerId> m = mesh.get(topic);
      if (m != null && m.remove(ps.id)) {
        scoring.prune(ps.id, topic);
      }
      Set<PeerId> f = fanout.get(topic);
      if (f != null) {
        f.remove(ps.id);
      }
    }
  }

  private void removeFromTopic(String topic, PeerId peer) {
    Set<PeerId> set = topicPeers.get(topic);
    if (set != null && set.remove(peer) && set.isEmpty()) {
      topicPeers.remove(topic);
    }
  }

  private void handleMessage(PeerState from, Message msg, long now) {
    stats.messagesReceived++;
    String topic = handledTopic(msg);
    if (topic == null) {
      stats.notSubscribed++;
      return;
    }
    ByteString id = messageId(msg, topic);
    Deliveries.Record known = deliveries.get(id);
    if (known != null) {
      duplicate(from, known, now);
      return;
    }
    guardRate(from.id, from.messageRate(topic), scoreParams.penalties().messagesPerSecond(), now);
    promises.delivered(id);
    Deliveries.Record rec = deliveries.add(id, from.id, topic, now);
    if (msg.getData().size() > config.maxMessageSize()) {
      rec.status = Deliveries.Status.INVALID;
      stats.rejected++;
      scoring.invalidDelivery(from.id, topic);
      return;
    }
    sendIDontWant(id, topic, msg.getSerializedSize(), from.id);
    if (validating >= config.validationConcurrency()) {
      deliveries.remove(id);
      stats.throttled++;
      return;
    }
    validating++;
    out.validate(new PendingMessage(id, topic, msg, from.id));
  }

  /** The first of the message's topics that this node subscribes to; {@code null} if none. */
  private String handledTopic(Message msg) {
    for (int i = 0; i < msg.getTopicCount(); i++) {
      String t = msg.getTopic(i);
      if (subscriptions.contains(t)) {
        return t;
      }
    }
    return null;
  }

  private ByteString messageId(Message msg, String topic) {
    MessageIdFunction f = config.messageIdFunction();
    if (f == MessageIdFunction.STANDARD && (msg.hasFrom() || msg.hasSeqno())) {
      return msg.getFrom().concat(msg.getSeqno());
    }
    return ByteString.copyFrom(
        f.id(
            msg.getFrom().toByteArray(),
            msg.getSeqno().toByteArray(),
            topic,
            msg.getData().toByteArray()));
  }

  private void duplicate(PeerState from, Deliveries.Record rec, long now) {
    stats.duplicates++;
    switch (rec.status) {
      case VALIDATING -> rec.peers.add(from.id);
      case VALID -> {
        TopicScoreParams tp = scoreParams.topic(rec.topic);
        if (tp != null && now - rec.validatedNanos <= tp.meshMessageDeliveryWindow().toNanos()) {
          scoring.nearFirstDelivery(from.id, rec.topic);
        }
      }
      case INVALID -> scoring.invalidDelivery(from.id, rec.topic);
      case IGNORED -> {}
    }
  }

  /**
   * The result of validating {@code pending}: a valid message is cached, delivered and forwarded.
   */
  public void validated(PendingMessage pending, Verdict verdict) {
    validating--;
    Deliveries.Record rec = deliveries.get(pending.id());
    Set<PeerId> alsoFrom = rec != null ? rec.peers : Set.of();
    String topic = pending.topic();
    switch (verdict) {
      case ACCEPT -> {
        stats.accepted++;
        if (rec != null) {
          rec.status = Deliveries.Status.VALID;
          rec.validatedNanos = clock.getAsLong();
        }
        scoring.firstDelivery(pending.from(), topic);
        alsoFrom.forEach(p -> scoring.nearFirstDelivery(p, topic));
        ByteString encoded = pending.message().toByteString();
        mcache.put(pending.id(), topic, encoded);
        if (subscriptions.contains(topic)) {
          stats.delivered++;
          out.deliver(topic, pending.message(), pending.id(), pending.from());
        }
        forward(pending.id(), topic, encoded, pending.message(), pending.from(), alsoFrom);
      }
      case REJECT -> {
        stats.rejected++;
        if (rec != null) {
          rec.status = Deliveries.Status.INVALID;
        }
        scoring.invalidDelivery(pending.from(), topic);
        alsoFrom.forEach(p -> scoring.invalidDelivery(p, topic));
      }
      case REJECT_SIGNATURE -> {
        stats.rejected++;
        scoring.invalidDelivery(pending.from(), topic);
        deliveries.remove(pending.id());
      }
      case IGNORE -> {
        stats.ignored++;
        if (rec != null) {
          rec.status = Deliveries.Status.IGNORED;
        }
      }
      case THROTTLED -> {
        stats.throttled++;
        deliveries.remove(pending.id());
      }
    }
    flushControl();
  }

  private void forward(
      ByteString id,
      String topic,
      ByteString encoded,
      Message msg,
      PeerId from,
      Set<PeerId> alsoFrom) {
    Set<PeerId> targets = new LinkedHashSet<>();
    Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
    for (PeerId p : inTopic) {
      PeerState ps = peers.get(p);
      if (ps != null
          && !ps.protocol.gossips()
          && scoring.score(p) >= scoreParams.publishThreshold()) {
        targets.add(p);
      }
    }
    targets.addAll(mesh.getOrDefault(topic, Set.of()));
    targets.remove(from);
    targets.removeAll(alsoFrom);
    if (targets.isEmpty()) {
      return;
    }
    byte[] rpc = encoder.message(encoded);
    for (PeerId p : targets) {
      PeerState ps = peers.get(p);
      if (ps == null || ps.idBytes.equals(msg.getFrom())) {
        continue; // never back to the author
      }
      if (ps.doesNotWant(id)) {
        stats.idontwantSkips++;
        continue;
      }
      stats.forwarded++;
      out.send(p, rpc, false, null);
    }
  }

  private void sendIDontWant(ByteString id, String topic, int size, PeerId from) {
    if (size < config.idontwantThreshold()) {
      return;
    }
    Set<PeerId> m = mesh.get(topic);
    if (m == null || m.isEmpty()) {
      return;
    }
    byte[] rpc = null;
    for (PeerId p : m) {
      PeerState ps = peers.get(p);
      if (p.equals(from) || ps == null || !ps.protocol.idontwant()) {
        continue;
      }
      if (rpc == null) {
        ControlMessage c =
            ControlMessage.newBuilder()
                .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(id))
                .build();
        rpc = encoder.control(c).get(0);
      }
      stats.idontwantSent++;
      out.send(p, rpc, true, null);
    }
  }

  // ---------------------------------------------------------------- control messages

  private void handleIHave(PeerState ps, ControlIHave ihave, long now) {
    if (scoring.score(ps.id) < scoreParams.gossipThreshold()) {
      return;
    }
    ScoreParams.Penalties pen = scoreParams.penalties();
    ps.ihaves++;
    if (ps.ihaves > config.maxIHaveMessages()) {
      scoring.addPenalty(ps.id, pen.rateExcess() / config.maxIHaveMessages());
      return;
    }
    String topic = ihave.getTopicID();
    if (!mesh.containsKey(topic)) {
      return;
    }
    if (!guardRate(ps.id, ps.ihaveRate(topic), pen.ihavesPerSecond(), now)) {
      return;
    }
    int offered = ihave.getMessageIDsCount();
    if (offered > config.maxIHaveLength()) {
      stats.oversizedGossip++;
      scoring.addPenalty(ps.id, pen.rateExcess() * offered / config.maxIHaveLength());
    }
    int budget = config.maxIHaveLength() - ps.asked;
    if (budget <= 0) {
      return;
    }
    Map<ByteString, ByteString> wanted = new LinkedHashMap<>();
    int limit = Math.min(offered, config.maxIHaveLength());
    for (int i = 0; i < limit; i++) {
      ByteString wire = ihave.getMessageIDs(i);
      ByteString decoded = GossipIds.decodeHex(wire);
      if (deliveries.contains(wire) || (decoded != null && deliveries.contains(decoded))) {
        continue;
      }
      wanted.putIfAbsent(decoded != null ? decoded : wire, wire);
    }
    if (wanted.isEmpty()) {
      return;
    }
    List<Map.Entry<ByteString, ByteString>> asks = new ArrayList<>(wanted.entrySet());
    Collections.shuffle(asks, random);
    if (asks.size() > budget) {
      asks = asks.subList(0, budget);
    }
    ps.asked += asks.size();
    ControlIWant.Builder iwant = ControlIWant.newBuilder();
    asks.forEach(e -> iwant.addMessageIDs(e.getValue()));
    control(ps).addIwant(iwant);
    ByteString promised = asks.get(random.nextInt(asks.size())).getKey();
    promises.add(ps.id, promised, now + config.iwantFollowupTime().toNanos());
  }

  private void handleIWant(PeerState ps, ControlIWant iwant, long now) {
    if (scoring.score(ps.id) < scoreParams.gossipThreshold()) {
      return;
    }
    ScoreParams.Penalties pen = scoreParams.penalties();
    if (!guardRate(ps.id, ps.iwantRate, pen.iwantsPerSecond(), now)) {
      return;
    }
    int asked = iwant.getMessageIDsCount();
    if (asked > config.maxIHaveLength()) {
      stats.oversizedGossip++;
      scoring.addPenalty(ps.id, pen.rateExcess() * asked / config.maxIHaveLength());
    }
    List<ByteString> found = new ArrayList<>();
    int limit = Math.min(asked, config.maxIHaveLength());
    for (int i = 0; i < limit; i++) {
      ByteString wire = iwant.getMessageIDs(i);
      MessageCache.Entry e = mcache.get(wire);
      if (e == null) {
        ByteString decoded = GossipIds.decodeHex(wire);
        e = decoded == null ? null : mcache.get(decoded);
      }
      if (e == null || e.transmittedTo(ps.id) > config.gossipRetransmission()) {
        continue;
      }
      found.add(e.encoded);
    }
    if (!found.isEmpty()) {
      stats.iwantServed += found.size();
      for (byte[] rpc : encoder.messages(found)) {
        out.send(ps.id, rpc, false, null);
      }
    }
  }

  private void handleGraft(PeerState ps, String topic, long now) {
    ScoreParams.Penalties pen = scoreParams.penalties();
    Set<PeerId> m = mesh.get(topic);
    if (m == null) {
      // Spec v1.1: no PRUNE for unknown topics, which would make GRAFT spam pay; a small penalty.
      stats.unknownTopicGrafts++;
      scoring.addPenalty(ps.id, pen.graftUnknownTopic());
      return;
    }
    if (m.contains(ps.id)) {
      return;
    }
    if (!ps.topics.contains(topic)) {
      // A GRAFT before the peer's subscription (which comes first on its stream, or earlier in the
      // same RPC): the mesh holds only subscribers, or we would forward to a peer that never asked.
      queuePrune(ps, topic, false, config.pruneBackoff().toSeconds());
      return;
    }
    if (backoffs.active(topic, ps.id, now, 0)) {
      stats.backoffGrafts++;
      scoring.addPenalty(ps.id, pen.graftDuringBackoff());
      if (backoffs.recent(topic, ps.id, now, config.graftFloodThreshold().toNanos())) {
        scoring.addPenalty(ps.id, pen.graftFlood());
      }
      backoffs.add(topic, ps.id, now, config.pruneBackoff().toNanos());
      queuePrune(ps, topic, false, config.pruneBackoff().toSeconds());
      return;
    }
    if (scoring.score(ps.id) < 0 || (m.size() >= config.dHigh() && !ps.outboundConnection)) {
      boolean px = scoring.score(ps.id) >= 0;
      backoffs.add(topic, ps.id, now, config.pruneBackoff().toNanos());
      queuePrune(ps, topic, px, config.pruneBackoff().toSeconds());
      return;
    }
    m.add(ps.id);
    scoring.graft(ps.id, topic);
    offerRecent(ps, topic);
  }

  private void handlePrune(PeerState ps, ControlPrune prune, long now) {
    String topic = prune.getTopicID();
    Set<PeerId> m = mesh.get(topic);
    if (m != null && m.remove(ps.id)) {
      scoring.prune(ps.id, topic);
    }
    long seconds =
        prune.hasBackoff()
            ? Math.min(Math.max(prune.getBackoff(), 0), MAX_REMOTE_BACKOFF_SECONDS)
            : config.pruneBackoff().toSeconds();
    backoffs.add(topic, ps.id, now, seconds * 1_000_000_000L);
    if (prune.getPeersCount() > 0 && scoring.score(ps.id) >= scoreParams.acceptPxThreshold()) {
      int n = 0;
      for (PeerInfo info : prune.getPeersList()) {
        if (n++ >= config.pxPeers()) {
          break;
        }
        PeerId peer;
        try {
          peer = PeerId.fromBytes(info.getPeerID().toByteArray());
        } catch (RuntimeException e) {
          continue;
        }
        if (!peers.containsKey(peer)) {
          out.connect(peer, info.getSignedPeerRecord());
        }
      }
    }
  }

  private void handleIDontWant(PeerState ps, ControlIDontWant idw) {
    ps.idontwants++;
    if (ps.idontwants > config.maxIDontWantMessages()) {
      return;
    }
    int limit = Math.min(idw.getMessageIDsCount(), config.maxIHaveLength());
    long expires = ticks + IDONTWANT_TICKS;
    for (int i = 0; i < limit; i++) {
      ByteString wire = idw.getMessageIDs(i);
      ps.dontWant(wire, expires);
      ByteString decoded = GossipIds.decodeHex(wire);
      if (decoded != null) {
        ps.dontWant(decoded, expires);
      }
    }
  }

  /**
   * Counts an event against a spam guard of {@code limit} per second (0: no guard); beyond the
   * limit each event adds {@code rateExcess / limit} to the peer's behaviour penalty.
   *
   * @return whether the event is within the limit
   */
  private boolean guardRate(PeerId peer, RateWindow window, int limit, long now) {
    if (limit <= 0) {
      return true;
    }
    if (window.hit(now) <= limit) {
      return true;
    }
    stats.rateExcess++;
    scoring.addPenalty(peer, scoreParams.penalties().rateExcess() / limit);
    return false;
  }

  private ControlMessage.Builder control(PeerState ps) {
    return pendingControl.computeIfAbsent(ps.id, p -> ControlMessage.newBuilder());
  }

  private void queueGraft(PeerState ps, String topic) {
    control(ps).addGraft(ControlGraft.newBuilder().setTopicID(topic));
    offerRecent(ps, topic);
  }

  private void queuePrune(PeerState ps, String topic, boolean px, long backoffSeconds) {
    ControlPrune.Builder prune =
        ControlPrune.newBuilder().setTopicID(topic).setBackoff(backoffSeconds);
    if (px && config.doPx() && ps.protocol.peerExchange()) {
      List<PeerId> candidates = eligible(topic, p -> !p.equals(ps.id) && scoring.score(p) >= 0);
      Collections.shuffle(candidates, random);
      for (PeerId p : candidates.subList(0, Math.min(config.pxPeers(), candidates.size()))) {
        PeerInfo.Builder info = PeerInfo.newBuilder().setPeerID(ByteString.copyFrom(p.toBytes()));
        ByteString record = peerRecords.get(p);
        if (record != null) {
          info.setSignedPeerRecord(record);
        }
        prune.addPeers(info);
      }
    }
    control(ps).addPrune(prune);
  }

  private void flushControl() {
    if (pendingControl.isEmpty()) {
      return;
    }
    for (Map.Entry<PeerId, ControlMessage.Builder> e : pendingControl.entrySet()) {
      PeerState ps = peers.get(e.getKey());
      if (ps == null || !ps.protocol.gossips()) {
        continue;
      }
      for (byte[] rpc : encoder.control(e.getValue().build())) {
        out.send(e.getKey(), rpc, true, null);
      }
    }
    pendingControl.clear();
  }

  // ---------------------------------------------------------------- local operations

  /** Joins {@code topic}: announces it and builds a mesh, from the fanout first. */
  public void join(String topic) {
    if (!subscriptions.add(topic)) {
      return;
    }
    announce(topic, true);
    long now = clock.getAsLong();
    Set<PeerId> m = new LinkedHashSet<>();
    Set<PeerId> f = fanout.remove(topic);
    lastPublish.remove(topic);
    if (f != null) {
      for (PeerId p : f) {
        if (scoring.score(p) >= 0 && !backoffs.active(topic, p, now, 0)) {
          m.add(p);
        }
      }
    }
    if (m.size() < config.d()) {
      List<PeerId> more =
          eligible(
              topic,
              p -> !m.contains(p) && !backoffs.active(topic, p, now, 0) && scoring.score(p) >= 0);
      m.addAll(pick(more, config.d() - m.size()));
    }
    mesh.put(topic, m);
    for (PeerId p : m) {
      scoring.graft(p, topic);
      queueGraft(peers.get(p), topic);
    }
    flushControl();
  }

  /** Leaves {@code topic}: announces it and prunes the mesh with the unsubscribe backoff. */
  public void leave(String topic) {
    if (!subscriptions.remove(topic)) {
      return;
    }
    announce(topic, false);
    Set<PeerId> m = mesh.remove(topic);
    if (m != null) {
      long now = clock.getAsLong();
      for (PeerId p : m) {
        scoring.prune(p, topic);
        backoffs.add(topic, p, now, config.unsubscribeBackoff().toNanos());
        PeerState ps = peers.get(p);
        if (ps != null) {
          queuePrune(ps, topic, false, config.unsubscribeBackoff().toSeconds());
        }
      }
    }
    flushControl();
  }

  private void announce(String topic, boolean subscribe) {
    hello =
        subscriptions.isEmpty()
            ? List.of()
            : List.copyOf(encoder.subscriptions(subscriptions, true));
    List<byte[]> rpcs = encoder.subscriptions(List.of(topic), subscribe);
    for (PeerId p : peers.keySet()) {
      for (byte[] rpc : rpcs) {
        out.send(p, rpc, true, null);
      }
    }
  }

  /**
   * Publishes a message built (and signed) by this node on {@code topic}. {@code done} completes
   * once the message is written to every chosen peer, at once if there is none; exceptionally if
   * the id was seen recently or no write succeeded.
   */
  public void publish(String topic, Message msg, CompletableFuture<Void> done) {
    long now = clock.getAsLong();
    ByteString id = messageId(msg, topic);
    if (deliveries.contains(id)) {
      done.completeExceptionally(
          new IllegalArgumentException(
              "a message with the same id was published or seen recently"));
      return;
    }
    Deliveries.Record rec = deliveries.add(id, null, topic, now);
    rec.status = Deliveries.Status.VALID;
    rec.validatedNanos = now;
    ByteString encoded = msg.toByteString();
    mcache.put(id, topic, encoded);
    stats.published++;

    boolean subscribed = mesh.containsKey(topic);
    if (!subscribed) {
      lastPublish.put(topic, now);
      Set<PeerId> f = fanout.computeIfAbsent(topic, t -> new LinkedHashSet<>());
      if (f.size() < config.d()) {
        List<PeerId> more =
            eligible(
                topic, p -> !f.contains(p) && scoring.score(p) >= scoreParams.publishThreshold());
        f.addAll(pick(more, config.d() - f.size()));
      }
    }
    Set<PeerId> targets = new LinkedHashSet<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      PeerState ps = peers.get(p);
      boolean eligible = scoring.score(p) >= scoreParams.publishThreshold();
      if (ps != null && eligible && (config.floodPublish() || !ps.protocol.gossips())) {
        targets.add(p);
      }
    }
    if (!config.floodPublish()) {
      targets.addAll(subscribed ? mesh.get(topic) : fanout.get(topic));
    }
    if (subscribed && config.deliverOwnMessages()) {
      out.deliver(topic, msg, id, null);
    }
    if (targets.isEmpty()) {
      done.complete(null);
      return;
    }
    byte[] rpc = encoder.message(encoded);
    AtomicInteger remaining = new AtomicInteger(targets.size());
    AtomicInteger written = new AtomicInteger();
    for (PeerId p : targets) {
      CompletableFuture<Void> w = new CompletableFuture<>();
      w.whenComplete(
          (v, e) -> {
            if (e == null) {
              written.incrementAndGet();
            }
            if (remaining.decrementAndGet() == 0) {
              if (written.get() > 0) {
                done.complete(null);
              } else {
                done.completeExceptionally(
                    new IllegalStateException("the message could not be written to any peer"));
              }
            }
          });
      out.send(p, rpc, false, w);
    }
  }

  /** Gossip-capable (non-floodsub) peers of {@code topic} that pass {@code filter}. */
  private List<PeerId> eligible(String topic, Predicate<PeerId> filter) {
    List<PeerId> out = new ArrayList<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      PeerState ps = peers.get(p);
      if (ps != null && ps.protocol.gossips() && filter.test(p)) {
        out.add(p);
      }
    }
    return out;
  }

  private List<PeerId> pick(List<PeerId> from, int n) {
    if (n <= 0) {
      return List.of();
    }
    if (from.size() > n) {
      Collections.shuffle(from, random);
      return from.subList(0, n);
    }
    return from;
  }

  // ---------------------------------------------------------------- heartbeat

  /** One heartbeat: mesh and fanout maintenance, gossip, cache shifts, penalties for lies. */
  public void heartbeat() {
    ticks++;
    long now = clock.getAsLong();
    for (PeerState ps : peers.values()) {
      ps.ihaves = 0;
      ps.asked = 0;
      ps.idontwants = 0;
      ps.expireDontWant(ticks);
    }
    promises
        .broken(now)
        .forEach(
            (peer, n) -> {
              stats.brokenPromises += n;
              scoring.addPenalty(peer, n * scoreParams.penalties().brokenPromise());
            });
    long slack = config.heartbeatInterval().toNanos();
    if (ticks % BACKOFF_SWEEP_TICKS == 0) {
      backoffs.expire(now, slack);
    }

    Map<PeerId, Set<String>> noPx = new HashMap<>();
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      maintainMesh(e.getKey(), e.getValue(), now, slack, noPx);
    }
    for (String topic : new ArrayList<>(fanout.keySet())) {
      maintainFanout(topic, now);
    }
    flushControl();
    mcache.shift();
    deliveries.expire(now);
  }

  private void maintainMesh(
      String topic, Set<PeerId> m, long now, long slack, Map<PeerId, Set<String>> noPx) {
    Map<PeerId, Double> scores = new HashMap<>();
    for (PeerId p : m) {
      scores.put(p, scoring.score(p));
    }
    // Peers with a negative score leave the mesh, without peer exchange.
    for (PeerId p : new ArrayList<>(m)) {
      if (scores.get(p) < 0) {
        prunePeer(topic, m, p, false, now);
        noPx.computeIfAbsent(p, k -> new HashSet<>()).add(topic);
      }
    }
    Predicate<PeerId> graftable =
        p -> !m.contains(p) && !backoffs.active(topic, p, now, slack) && scoring.score(p) >= 0;
    if (m.size() < config.dLow()) {
      for (PeerId p : pick(eligible(topic, graftable), config.d() - m.size())) {
        graftPeer(topic, m, p);
      }
    }
    if (m.size() > config.dHigh()) {
      List<PeerId> keep = selectSurvivors(m);
      for (PeerId p : new ArrayList<>(m)) {
        if (!keep.contains(p)) {
          prunePeer(topic, m, p, true, now);
        }
      }
    }
    if (m.size() >= config.dLow()) {
      long outbound = m.stream().filter(p -> peers.get(p).outboundConnection).count();
      if (outbound < config.dOut()) {
        List<PeerId> candidates =
            eligible(topic, graftable.and(p -> peers.get(p).outboundConnection));
        for (PeerId p : pick(candidates, (int) (config.dOut() - outbound))) {
          graftPeer(topic, m, p);
        }
      }
    }
    if (ticks % config.opportunisticGraftTicks() == 0 && m.size() > 1) {
      List<Double> sorted = new ArrayList<>();
      for (PeerId p : m) {
        sorted.add(scoring.score(p));
      }
      Collections.sort(sorted);
      double median = sorted.get(sorted.size() / 2);
      if (median < scoreParams.opportunisticGraftThreshold()) {
        List<PeerId> better = eligible(topic, graftable.and(p -> scoring.score(p) > median));
        for (PeerId p : pick(better, config.opportunisticGraftPeers())) {
          stats.opportunisticGrafts++;
          graftPeer(topic, m, p);
        }
      }
    }
    emitGossip(topic, m);
  }

  /**
   * The D peers an oversubscribed mesh keeps: the best D_score by score, the rest at random, with
   * at least D_out outbound connections when there are enough.
   */
  private List<PeerId> selectSurvivors(Set<PeerId> m) {
    List<PeerId> all = new ArrayList<>(m);
    Collections.shuffle(all, random);
    Map<PeerId, Double> scores = new HashMap<>();
    all.forEach(p -> scores.put(p, scoring.score(p)));
    all.sort(Comparator.comparingDouble((PeerId p) -> scores.get(p)).reversed());
    List<PeerId> rest = new ArrayList<>(all.subList(config.dScore(), all.size()));
    Collections.shuffle(rest, random);
    List<PeerId> ranked = new ArrayList<>(all.subList(0, config.dScore()));
    ranked.addAll(rest);
    List<PeerId> keep = new ArrayList<>(ranked.subList(0, config.d()));
    long outbound = keep.stream().filter(p -> peers.get(p).outboundConnection).count();
    for (int i = config.d(); i < ranked.size() && outbound < config.dOut(); i++) {
      PeerId candidate = ranked.get(i);
      if (!peers.get(candidate).outboundConnection) {
        continue;
      }
      for (int j = keep.size() - 1; j >= 0; j--) {
        if (!peers.get(keep.get(j)).outboundConnection) {
          keep.set(j, candidate);
          outbound++;
          break;
        }
      }
    }
    return keep;
  }

  private void graftPeer(String topic, Set<PeerId> m, PeerId p) {
    m.add(p);
    scoring.graft(p, topic);
    queueGraft(peers.get(p), topic);
  }

  private void prunePeer(String topic, Set<PeerId> m, PeerId p, boolean px, long now) {
    m.remove(p);
    scoring.prune(p, topic);
    backoffs.add(topic, p, now, config.pruneBackoff().toNanos());
    queuePrune(peers.get(p), topic, px, config.pruneBackoff().toSeconds());
  }

  private void maintainFanout(String topic, long now) {
    Long last = lastPublish.get(topic);
    if (last == null || now - last > config.fanoutTtl().toNanos()) {
      fanout.remove(topic);
      lastPublish.remove(topic);
      return;
    }
    Set<PeerId> f = fanout.get(topic);
    Set<PeerId> inTopic = topicPeers.getOrDefault(topic, Set.of());
    f.removeIf(p -> !inTopic.contains(p) || scoring.score(p) < scoreParams.publishThreshold());
    if (f.size() < config.d()) {
      List<PeerId> more =
          eligible(
              topic, p -> !f.contains(p) && scoring.score(p) >= scoreParams.publishThreshold());
      f.addAll(pick(more, config.d() - f.size()));
    }
    emitGossip(topic, f);
  }

  /** IHAVE for the recent messages of {@code topic} to peers outside {@code exclude}. */
  private void emitGossip(String topic, Set<PeerId> exclude) {
    List<ByteString> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    List<PeerId> candidates =
        eligible(
            topic, p -> !exclude.contains(p) && scoring.score(p) >= scoreParams.gossipThreshold());
    int target = Math.max(config.dLazy(), (int) (config.gossipFactor() * candidates.size()));
    for (PeerId p : pick(candidates, target)) {
      queueIHave(peers.get(p), topic, ids);
    }
  }

  /**
   * IHAVE for the recent messages of {@code topic} to a peer that just joined our mesh. A message
   * that came while the mesh lacked it (say one of us had just reconnected) went to mesh peers
   * only, and gossip goes only to peers outside the mesh: in a small network every peer joins the
   * mesh at once, so without this offer the peer would never learn of the message.
   */
  private void offerRecent(PeerState ps, String topic) {
    List<ByteString> ids = mcache.gossipIds(topic);
    if (!ids.isEmpty()) {
      queueIHave(ps, topic, ids);
    }
  }

  private void queueIHave(PeerState ps, String topic, List<ByteString> ids) {
    List<ByteString> offer = ids;
    if (offer.size() > config.maxIHaveLength()) {
      offer = new ArrayList<>(ids);
      Collections.shuffle(offer, random);
      offer = offer.subList(0, config.maxIHaveLength());
    }
    ControlIHave.Builder ihave = ControlIHave.newBuilder().setTopicID(topic);
    for (ByteString id : offer) {
      ihave.addMessageIDs(GossipIds.encode(id, ps.protocol));
    }
    stats.ihaveSent++;
    control(ps).addIhave(ihave);
  }

  /** Decays the score counters; call every {@link ScoreParams#decayInterval()}. */
  public void decayScores() {
    scoring.decay();
  }

  // ---------------------------------------------------------------- queries

  /** The topics this node subscribes to. */
  public Set<String> topics() {
    return Set.copyOf(subscriptions);
  }

  /** The peers known to subscribe to {@code topic}. */
  public Set<PeerId> peers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  /** The connected peers whose score is below the graylist threshold. */
  public Set<PeerId> graylisted() {
    Set<PeerId> out = new HashSet<>();
    for (PeerId p : peers.keySet()) {
      if (scoring.score(p) < scoreParams.graylistThreshold()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Every connected pubsub peer. */
  public Set<PeerId> allPeers() {
    return Set.copyOf(peers.keySet());
  }

  /** The mesh of {@code topic}, or its fanout when not subscribed; floodsub peers included. */
  public Set<PeerId> meshPeers(String topic) {
    Set<PeerId> out = new LinkedHashSet<>();
    Set<PeerId> m = mesh.get(topic);
    out.addAll(m != null ? m : fanout.getOrDefault(topic, Set.of()));
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      PeerState ps = peers.get(p);
      if (ps != null && !ps.protocol.gossips()) {
        out.add(p);
      }
    }
    return out;
  }

  /** The protocol {@code peer} speaks, or {@code null} if it is not a pubsub peer. */
  public Protocol protocolOf(PeerId peer) {
    PeerState ps = peers.get(peer);
    return ps == null ? null : ps.protocol;
  }

  /** The score of {@code peer}. */
  public double score(PeerId peer) {
    return scoring.score(peer);
  }

  /** The scores of the connected pubsub peers, sorted ascending: cheap, for metrics. */
  public double[] connectedScores() {
    double[] out = new double[peers.size()];
    int i = 0;
    for (PeerId p : peers.keySet()) {
      out[i++] = scoring.score(p);
    }
    Arrays.sort(out);
    return out;
  }

  /** The size of each subscribed topic's mesh, floodsub peers included. */
  public Map<String, Integer> meshSizes() {
    Map<String, Integer> out = new HashMap<>();
    for (String topic : subscriptions) {
      out.put(topic, meshPeers(topic).size());
    }
    return out;
  }

  /** Every scored peer. */
  public List<PeerScore> scores() {
    return scoring.snapshot();
  }

  /** Counters, for tests, metrics and benchmarks. */
  public GossipSubStats stats() {
    return stats.snapshot();
  }
}
