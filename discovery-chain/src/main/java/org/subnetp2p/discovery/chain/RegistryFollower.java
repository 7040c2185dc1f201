package org.subnetp2p.discovery.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.spi.Reporting;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;
import org.subnetp2p.discovery.chain.rpc.RawRecord;
import org.subnetp2p.discovery.chain.rpc.RegistryChange;
import org.subnetp2p.discovery.chain.rpc.RegistryContract;
import org.subnetp2p.discovery.chain.rpc.RpcException;
import org.subnetp2p.discovery.chain.rpc.Texts;

/**
 * Keeps an up-to-date copy of one subnet's records in a {@code SubnetPeerRegistry}, for lookups
 * from memory.
 *
 * <p>On its own thread it loads every record at the newest block that has {@code confirmations}
 * blocks on top, then follows the contract's events block range by block range, never past that
 * depth. Each applied range is a checkpoint (its last block's hash and how to undo it). Before
 * going on, the newest checkpoint's hash is compared with the chain's: when it changed (a reorg
 * deeper than the confirmation depth), checkpoints are undone until one whose block is still the
 * chain's, the last block it is sure of, and reading resumes from there; with none left it loads
 * everything again. A range whose last block changes while being read is undone and read again.
 *
 * <p>When the RPC fails (unreachable, slow, an error, garbage) it keeps serving what it has, says
 * so once in the log and in {@link #status()}, and retries with exponential backoff up to {@code
 * max-backoff}. Records that do not pass {@link RecordCheck} are skipped and counted by reason.
 */
public final class RegistryFollower implements AutoCloseable, Reporting {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);
  private static final int MAX_CHECKPOINTS = 128;
  private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  /** Where the follower stands. */
  public enum State {
    /** Loading for the first time. */
    STARTING,
    /** The last read succeeded. */
    SYNCED,
    /** The last read failed: serving what was read before, retrying. */
    DEGRADED,
    /** Closed. */
    CLOSED
  }

  /** Hears about records appearing, changing and going; called on the follower's thread. */
  public interface Listener {
    /** {@code record} was registered, or its address changed. */
    default void added(RegistryRecord record) {}

    /** {@code peer}'s record is gone: removed, deregistered, or replaced by an invalid one. */
    default void removed(PeerId peer) {}
  }

  private record Undo(PeerId peer, RegistryRecord before) {}

  private record Checkpoint(long block, String hash, List<Undo> undo) {}

  private final ChainSettings settings;
  private final ChainRpc rpc;
  private final RegistryContract registry;
  private final Map<PeerId, RegistryRecord> records = new ConcurrentHashMap<>();
  private final Deque<Checkpoint> checkpoints = new ArrayDeque<>(); // follower thread only
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<SkipReason, LongAdder> skipped = new EnumMap<>(SkipReason.class);
  private final LongAdder rpcFailures = new LongAdder();
  private final LongAdder reorgs = new LongAdder();
  private final CompletableFuture<Void> firstLoad = new CompletableFuture<>();

  private volatile State state = State.STARTING;
  private volatile boolean loaded;
  private volatile long sureBlock = -1;
  private volatile long lastSuccessNanos;
  private volatile String lastError = "";
  private volatile int consecutiveFailures;
  private volatile boolean closed;
  private boolean warnedNoCode;
  private Thread thread;

  /** A follower of the registry {@code settings} name; call {@link #start()} to begin. */
  public RegistryFollower(ChainSettings settings) {
    this.settings = settings;
    this.rpc = ChainRpc.connect(settings.rpcUrl(), settings.rpcTimeout());
    this.registry = new RegistryContract(rpc, settings.registry(), settings.subnetId());
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r, new LongAdder());
    }
  }

  /** Starts following on a thread of its own. Idempotent. */
  public synchronized void start() {
    if (thread == null && !closed) {
      thread = Thread.ofVirtual().name("chain-registry " + settings.registry()).start(this::run);
    }
  }

  /** The settings followed. */
  public ChainSettings settings() {
    return settings;
  }

  /** Adds a listener for changes applied from now on. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Completes once the first full load is done (it never fails; it may never complete). */
  public CompletableFuture<Void> loaded() {
    return firstLoad;
  }

  /** Whether a full load has completed and its data is being served. */
  public boolean isLoaded() {
    return loaded;
  }

  /** The record of {@code peer}, from memory. */
  public Optional<RegistryRecord> record(PeerId peer) {
    return Optional.ofNullable(records.get(peer));
  }

  /** Every record held, from memory. */
  public Collection<RegistryRecord> records() {
    return List.copyOf(records.values());
  }

  /** How long ago the last successful read was; empty before the first. */
  public Optional<Duration> age() {
    long at = lastSuccessNanos;
    return at == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - at));
  }

  /** Whether a full load completed and the last successful read is at most {@code maxAge} old. */
  public boolean isFresh(Duration maxAge) {
    return loaded && age().map(a -> a.compareTo(maxAge) <= 0).orElse(false);
  }

  /** Where the follower stands. */
  public State state() {
    return state;
  }

  /** The newest block whose events are applied. */
  public long sureBlock() {
    return sureBlock;
  }

  /** How many records were skipped for {@code reason} so far. */
  public long skipped(SkipReason reason) {
    return skipped.get(reason).sum();
  }

  /** How many reads failed so far. */
  public long rpcFailures() {
    return rpcFailures.sum();
  }

  /** How many reorgs below the confirmation depth were undone so far. */
  public long reorgs() {
    return reorgs.sum();
  }

  /**
   * Asks the chain, now, for the record of {@code peer} in the newest block, bypassing the copy in
   * memory; blocks for at most the RPC timeout. Empty if none or if it does not pass the checks.
   */
  public Optional<RegistryRecord> lookup(PeerId peer) throws RpcException {
    RawRecord raw = registry.getPeer(peer.toBase58());
    return raw == null
        ? Optional.empty()
        : RecordCheck.check(raw.peerId(), raw.multiaddr()).record();
  }

  // ---- the follower's thread -----------------------------------------------------------------

  private void run() {
    LOG.info(
        "following registry {} subnet {} on {} ({} confirmations)",
        settings.registry(),
        settings.subnetId(),
        settings.rpcUrl(),
        settings.confirmations());
    while (!closed) {
      Duration wait;
      try {
        boolean more = step();
        succeeded();
        wait = more ? Duration.ZERO : settings.pollInterval();
      } catch (RpcException e) {
        wait = failed(e.getMessage());
      } catch (RuntimeException e) { // a bug or an answer no check foresaw: never end the loop
        wait = failed("unexpected " + Texts.describe(e));
        LOG.debug("registry read failed", e);
      }
      if (!sleep(wait)) {
        break;
      }
    }
  }

  /** One round: load, or check for a reorg and apply what is new. True if there is more to do. */
  private boolean step() throws RpcException {
    if (!loaded) {
      return !load();
    }
    if (!newestCheckpointHolds()) {
      return true;
    }
    long target = rpc.blockNumber() - settings.confirmations();
    if (target <= sureBlock) {
      return false;
    }
    long from = sureBlock + 1;
    long lastProgress = System.nanoTime();
    while (from <= target && !closed) {
      long to = Math.min(target, from + settings.logRange() - 1);
      if (!applyRange(from, to)) {
        return true; // the chain changed under the read: read again at once
      }
      from = to + 1;
      if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
        lastProgress = System.nanoTime();
        LOG.info("chain: read blocks {} of {} ({} records)", to, target, records.size());
      }
    }
    return false;
  }

  /** Applies the events of blocks {@code from}..{@code to}; false if the chain moved meanwhile. */
  private boolean applyRange(long from, long to) throws RpcException {
    Checkpoint base = checkpoints.peekLast();
    String hash = blockHash(to);
    List<RegistryChange> changes = registry.changes(from, to);
    // Block `to` hashes the chain up to it; the base block must still be below it, unchanged.
    // Checked before anything is applied: a read that fails here (the block is gone: a reorg
    // under us) must leave the records as they were, not half-updated from an abandoned branch.
    if (!blockHash(to).equals(hash)
        || (base != null && !rpc.blockHash(base.block()).equals(Optional.of(base.hash())))) {
      LOG.info("the chain changed while blocks {}..{} were read; reading them again", from, to);
      return false;
    }
    List<Undo> undo = new ArrayList<>();
    Map<SkipReason, Integer> skips = new EnumMap<>(SkipReason.class);
    for (RegistryChange change : changes) {
      apply(change, undo, skips);
    }
    push(new Checkpoint(to, hash, undo));
    sureBlock = to;
    logSkips(skips, "events of blocks " + from + ".." + to);
    return true;
  }

  private void apply(RegistryChange change, List<Undo> undo, Map<SkipReason, Integer> skips) {
    Optional<PeerId> peer = RecordCheck.peerId(change.peerId());
    switch (change) {
      case RegistryChange.Registered r -> upsert(peer, r.peerId(), r.multiaddr(), undo, skips);
      case RegistryChange.Updated u -> upsert(peer, u.peerId(), u.multiaddr(), undo, skips);
      case RegistryChange.Removed ignored -> peer.ifPresent(p -> remove(p, undo));
      case RegistryChange.Undecodable ignored -> skip(SkipReason.UNDECODABLE_EVENT, skips);
    }
  }

  private void upsert(
      Optional<PeerId> peer,
      String text,
      byte[] multiaddr,
      List<Undo> undo,
      Map<SkipReason, Integer> skips) {
    RecordCheck.Outcome outcome = RecordCheck.check(text, multiaddr);
    if (outcome.record().isEmpty()) {
      skip(outcome.skipped().orElseThrow(), skips);
      peer.ifPresent(p -> remove(p, undo)); // its old address is withdrawn all the same
      return;
    }
    RegistryRecord record = outcome.record().get();
    if (!records.containsKey(record.peer()) && records.size() >= settings.maxPeers()) {
      skip(SkipReason.OVER_LIMIT, skips);
      return;
    }
    RegistryRecord before = records.put(record.peer(), record);
    undo.add(new Undo(record.peer(), before));
    if (!record.equals(before)) {
      listeners.forEach(l -> l.added(record));
    }
  }

  private void remove(PeerId peer, List<Undo> undo) {
    RegistryRecord before = records.remove(peer);
    if (before != null) {
      undo.add(new Undo(peer, before));
      listeners.forEach(l -> l.removed(peer));
    }
  }

  private void undo(List<Undo> undo) {
    for (int i = undo.size() - 1; i >= 0; i--) {
      Undo u = undo.get(i);
      if (u.before() == null) {
        if (records.remove(u.peer()) != null) {
          listeners.forEach(l -> l.removed(u.peer()));
        }
      } else {
        records.put(u.peer(), u.before());
        listeners.forEach(l -> l.added(u.before()));
      }
    }
  }

  /**
   * Whether the newest checkpoint's block is still the chain's. If not, undoes checkpoints down to
   * the newest one that is (the last block we are sure of), or forgets all and loads again.
   */
  private boolean newestCheckpointHolds() throws RpcException {
    Checkpoint newest = checkpoints.peekLast();
    if (newest == null) {
      loaded = false;
      return false;
    }
    if (rpc.blockHash(newest.block()).equals(Optional.of(newest.hash()))) {
      return true;
    }
    reorgs.increment();
    long from = newest.block();
    while (!checkpoints.isEmpty()) {
      Checkpoint top = checkpoints.peekLast();
      if (rpc.blockHash(top.block()).equals(Optional.of(top.hash()))) {
        sureBlock = top.block();
        LOG.warn(
            "the chain reorganised below block {} (deeper than {} confirmations): undone back"
                + " to block {}, reading again from there",
            from,
            settings.confirmations(),
            top.block());
        return false;
      }
      checkpoints.removeLast();
      undo(top.undo());
    }
    LOG.warn(
        "the chain reorganised below block {}, deeper than the checkpoints kept: loading the"
            + " registry again",
        from);
    loaded = false;
    return false;
  }

  /** Loads every record at the newest confirmed block; false if the chain moved meanwhile. */
  private boolean load() throws RpcException {
    long started = System.nanoTime();
    long target = Math.max(0, rpc.blockNumber() - settings.confirmations());
    String hash = blockHash(target);
    long count;
    if (registry.hasCode(target)) {
      count = registry.peerCount(target);
    } else {
      // Deployed after the confirmed block, or a wrong address: nothing registered yet.
      count = 0;
      if (!warnedNoCode) {
        warnedNoCode = true;
        LOG.warn(
            "no contract at registry address {} in block {}: reading it as empty until its"
                + " events arrive (is --registry right?)",
            settings.registry(),
            target);
      }
    }
    long kept = Math.min(count, settings.maxPeers());
    Map<SkipReason, Integer> skips = new EnumMap<>(SkipReason.class);
    if (count > kept) {
      skipped.get(SkipReason.OVER_LIMIT).add(count - kept);
      skips.put(SkipReason.OVER_LIMIT, (int) Math.min(Integer.MAX_VALUE, count - kept));
    }
    LOG.info("loading {} records of subnet {} at block {}", kept, settings.subnetId(), target);
    Map<PeerId, RegistryRecord> fresh = new HashMap<>();
    long lastProgress = started;
    for (long offset = 0; offset < kept && !closed; offset += settings.pageSize()) {
      int limit = (int) Math.min(settings.pageSize(), kept - offset);
      for (RawRecord raw : registry.listPeers(target, offset, limit)) {
        RecordCheck.Outcome outcome = RecordCheck.check(raw.peerId(), raw.multiaddr());
        outcome.record().ifPresent(r -> fresh.put(r.peer(), r));
        outcome.skipped().ifPresent(reason -> skip(reason, skips));
      }
      if (System.nanoTime() - lastProgress > PROGRESS_EVERY.toNanos()) {
        lastProgress = System.nanoTime();
        LOG.info("registry load: {} of {} records read", offset + limit, kept);
      }
    }
    if (closed || !blockHash(target).equals(hash)) {
      return false;
    }
    List<PeerId> gone = records.keySet().stream().filter(p -> !fresh.containsKey(p)).toList();
    for (PeerId p : gone) {
      records.remove(p);
      listeners.forEach(l -> l.removed(p));
    }
    fresh.forEach(
        (p, r) -> {
          if (!r.equals(records.put(p, r))) {
            listeners.forEach(l -> l.added(r));
          }
        });
    checkpoints.clear();
    push(new Checkpoint(target, hash, List.of()));
    sureBlock = target;
    loaded = true;
    LOG.info(
        "registry loaded: {} records of subnet {} at block {} in {} ms",
        records.size(),
        settings.subnetId(),
        target,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    logSkips(skips, "the load");
    firstLoad.complete(null);
    return true;
  }

  private String blockHash(long number) throws RpcException {
    return rpc.blockHash(number)
        .orElseThrow(() -> new RpcException("the chain has no block " + number + " any more"));
  }

  private void push(Checkpoint checkpoint) {
    checkpoints.addLast(checkpoint);
    while (checkpoints.size() > MAX_CHECKPOINTS) {
      checkpoints.removeFirst();
    }
  }

  private void skip(SkipReason reason, Map<SkipReason, Integer> skips) {
    skipped.get(reason).increment();
    skips.merge(reason, 1, Integer::sum);
  }

  /** One line per batch with skips, by reason: bounded whatever the registry holds. */
  private static void logSkips(Map<SkipReason, Integer> skips, String where) {
    if (!skips.isEmpty()) {
      LOG.warn(
          "skipped {} registry records in {}: {}",
          skips.values().stream().mapToInt(Integer::intValue).sum(),
          where,
          skips.entrySet().stream()
              .map(e -> e.getKey().label() + "=" + e.getValue())
              .collect(Collectors.joining(" ")));
    }
  }

  private void succeeded() {
    if (state == State.DEGRADED) {
      LOG.info(
          "chain RPC {} answers again after {} failed reads; following from block {}",
          settings.rpcUrl(),
          consecutiveFailures,
          sureBlock);
    }
    consecutiveFailures = 0;
    lastSuccessNanos = System.nanoTime();
    if (loaded) {
      state = State.SYNCED;
    }
  }

  private Duration failed(String error) {
    if (closed) {
      return Duration.ZERO; // interrupted by close(): not a failure of the chain
    }
    rpcFailures.increment();
    lastError = Texts.bounded(error);
    int failures = ++consecutiveFailures;
    long base = MIN_BACKOFF.toMillis() << Math.min(failures - 1, 16);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    Duration wait =
        Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    if (state != State.DEGRADED) {
      LOG.warn(
          "reading the registry failed: {}; serving {} cached records (block {}), retrying with"
              + " backoff up to {}",
          lastError,
          records.size(),
          sureBlock,
          settings.maxBackoff());
    } else {
      LOG.debug("reading the registry failed again ({}): {}", failures, lastError);
    }
    state = State.DEGRADED;
    return wait;
  }

  private boolean sleep(Duration wait) {
    if (wait.isZero()) {
      return !closed;
    }
    try {
      Thread.sleep(wait);
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  // ---- reporting -----------------------------------------------------------------------------

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    s.put("rpc", settings.rpcUrl().toString());
    s.put("registry", settings.registry());
    s.put("subnetId", settings.subnetId().toString());
    s.put("records", records.size());
    s.put("sureBlock", sureBlock);
    age().ifPresent(a -> s.put("lastSuccessMsAgo", a.toMillis()));
    s.put("consecutiveFailures", consecutiveFailures);
    if (!lastError.isEmpty()) {
      s.put("lastError", lastError);
    }
    return s;
  }

  @Override
  public List<Counter> counters() {
    List<Counter> out = new ArrayList<>();
    for (SkipReason r : SkipReason.values()) {
      out.add(
          new Counter(
              "chain_records_skipped_total",
              "Registry records and events skipped, by reason.",
              Map.of("reason", r.label()),
              skipped(r)));
    }
    out.add(
        new Counter(
            "chain_rpc_failures_total", "Failed reads of the chain RPC.", Map.of(), rpcFailures()));
    out.add(
        new Counter(
            "chain_reorgs_total",
            "Reorgs deeper than the confirmation depth, undone.",
            Map.of(),
            reorgs()));
    return out;
  }

  /** Stops following and releases the RPC client. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      state = State.CLOSED;
      t = thread;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rpc.close();
  }
}
