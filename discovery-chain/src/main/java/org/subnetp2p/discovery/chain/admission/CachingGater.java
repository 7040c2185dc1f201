package org.subnetp2p.discovery.chain.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.core.spi.Reporting;
import org.subnetp2p.discovery.chain.rpc.Texts;

/**
 * A gater that admits a peer when a chain says so, answering network threads from memory.
 *
 * <p>How a decision is made, right after the security handshake ({@link #admitSecured}):
 *
 * <ol>
 *   <li>from what the subclass knows in memory ({@link #known}), e.g. a registry copy that is fresh
 *       enough: answered at once;
 *   <li>from a decision cached less than {@code cache-ttl} ago (default 300 s, for yes and for no,
 *       as subnet-template): answered at once;
 *   <li>otherwise by a lookup ({@link #lookup}) on a virtual thread, never on the network thread.
 *       The host holds the connection until it answers; after {@code lookup-timeout} (default 5 s)
 *       the lookup counts as failed. One lookup per peer at a time, at most {@code max-lookups} at
 *       once (more are refused at once: a flood of fresh ids cannot queue RPCs). A failed lookup
 *       answers by the {@link FailureMode} and is not cached.
 * </ol>
 *
 * <p>Every {@code sweep-interval} (default 60 s, as subnet-template) each open connection is
 * decided again the same way, and cut when refused: so a peer whose cached yes expired while the
 * chain is unreachable is cut by {@code fail-closed}. A refused peer is logged once per {@code
 * log-interval} (default 60 s) and counted.
 */
abstract class CachingGater implements ConnectionGater, Reporting {
  private static final Logger LOG = LoggerFactory.getLogger(CachingGater.class);

  /** The keys every caching gater reads ({@code gater.<name>.<key>}). */
  static final List<String> KEYS =
      List.of(
          "cache-ttl",
          "sweep-interval",
          "lookup-timeout",
          "failure-mode",
          "log-interval",
          "max-cached",
          "max-lookups");

  /** How a caching gater decides and how long it remembers. */
  record Settings(
      Duration cacheTtl,
      Duration sweepInterval,
      Duration lookupTimeout,
      FailureMode failureMode,
      Duration logInterval,
      int maxCached,
      int maxLookups) {

    static Settings from(ProviderContext context, FailureMode defaultMode) {
      return new Settings(
          context.duration("cache-ttl", Duration.ofSeconds(300)),
          context.duration("sweep-interval", Duration.ofSeconds(60)),
          context.duration("lookup-timeout", Duration.ofSeconds(5)),
          context
              .setting("failure-mode")
              .map(v -> FailureMode.parse(context.configPrefix() + ".failure-mode", v))
              .orElse(defaultMode),
          context.duration("log-interval", Duration.ofSeconds(60)),
          context.positiveInt("max-cached", 100_000),
          context.positiveInt("max-lookups", 256));
    }
  }

  private record Decision(boolean admit, long expiresNanos) {}

  /** Where a decision came from, for the counters. */
  enum Source {
    MEMORY,
    CACHE,
    LOOKUP,
    FAILURE,
    OVERLOAD
  }

  private final String name;
  private final Settings settings;
  private final Map<PeerId, Decision> cache = new ConcurrentHashMap<>();
  private final Map<PeerId, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService lookups;
  private final ScheduledExecutorService timer;
  private final RateLimitedLog<PeerId> refusalLog;
  private final RateLimitedLog<String> failureLog;
  private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
  private final LongAdder lookupFailures = new LongAdder();
  private final LongAdder removedDisconnects = new LongAdder();
  private final LongAdder sweepDisconnects = new LongAdder();
  private volatile Host host;

  CachingGater(String name, Settings settings) {
    this.name = name;
    this.settings = settings;
    this.lookups =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gater-" + name + "-lookup").factory());
    this.refusalLog = new RateLimitedLog<>(settings.logInterval(), 10_000);
    this.failureLog = new RateLimitedLog<>(settings.logInterval(), 1);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gater-" + name).daemon().factory());
    LOG.info(
        "gater {}: decisions cached {}, sweep every {}, {} when the chain cannot be reached",
        name,
        settings.cacheTtl(),
        settings.sweepInterval(),
        settings.failureMode().label());
  }

  /** The answer from memory, if the gater knows it without asking the chain. */
  protected abstract Optional<Boolean> known(PeerId peer);

  /**
   * Asks the chain whether {@code peer} may connect. Runs on a virtual thread; may block up to the
   * RPC's own timeout. Throws when the chain cannot answer.
   */
  protected abstract boolean lookup(PeerId peer) throws Exception;

  /** Why a peer is refused, for the log, e.g. {@code not registered for subnet 1}. */
  protected abstract String refusal();

  /** The settings. */
  Settings settings() {
    return settings;
  }

  @Override
  public boolean allowSecured(PeerId peer, Direction direction) {
    // For synchronous callers: what memory says, refusing when it would take a lookup.
    return fromMemory(peer).orElse(false);
  }

  @Override
  public CompletionStage<Boolean> admitSecured(PeerId peer, Direction direction) {
    Optional<Boolean> now = fromMemory(peer);
    if (now.isPresent()) {
      if (!now.get()) {
        refused(peer);
      }
      return CompletableFuture.completedFuture(now.get());
    }
    return lookupOnce(peer)
        .thenApply(
            admit -> {
              if (!admit) {
                refused(peer);
              }
              return admit;
            });
  }

  private Optional<Boolean> fromMemory(PeerId peer) {
    Optional<Boolean> known = known(peer);
    if (known.isPresent()) {
      count(known.get(), Source.MEMORY);
      return known;
    }
    Decision d = cache.get(peer);
    if (d != null && d.expiresNanos() - System.nanoTime() > 0) {
      count(d.admit(), Source.CACHE);
      return Optional.of(d.admit());
    }
    return Optional.empty();
  }

  private CompletableFuture<Boolean> lookupOnce(PeerId peer) {
    CompletableFuture<Boolean> running = inFlight.get(peer);
    if (running != null) {
      return running;
    }
    if (inFlight.size() >= settings.maxLookups()) {
      count(false, Source.OVERLOAD);
      return CompletableFuture.completedFuture(false);
    }
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    running = inFlight.putIfAbsent(peer, answer);
    if (running != null) {
      return running;
    }
    answer.whenComplete((a, e) -> inFlight.remove(peer, answer));
    Future<?> task;
    try {
      task =
          lookups.submit(
              () -> {
                try {
                  boolean admit = lookup(peer);
                  remember(peer, admit);
                  count(admit, Source.LOOKUP);
                  answer.complete(admit);
                } catch (Exception e) {
                  answer.complete(failedLookup(peer, Texts.describe(e)));
                }
              });
      timer.schedule(
          () -> {
            if (!answer.isDone()) {
              task.cancel(true);
              answer.complete(
                  failedLookup(
                      peer, "no answer within " + settings.lookupTimeout().toMillis() + " ms"));
            }
          },
          settings.lookupTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) { // closed
      answer.complete(false);
    }
    return answer;
  }

  private boolean failedLookup(PeerId peer, String why) {
    lookupFailures.increment();
    boolean admit = settings.failureMode() == FailureMode.OPEN;
    count(admit, Source.FAILURE);
    if (failureLog.shouldLog("failure")) {
      LOG.warn(
          "gater {}: cannot check peer {} on the chain ({}); {}: {} it",
          name,
          peer,
          why,
          settings.failureMode().label(),
          admit ? "admitting" : "refusing");
    }
    return admit;
  }

  private void remember(PeerId peer, boolean admit) {
    long expires = System.nanoTime() + settings.cacheTtl().toNanos();
    if (!cache.containsKey(peer) && cache.size() >= settings.maxCached()) {
      long now = System.nanoTime();
      cache.values().removeIf(d -> d.expiresNanos() - now <= 0);
      if (cache.size() >= settings.maxCached()) {
        return; // full of live decisions: this one is not cached, it will be asked again
      }
    }
    cache.put(peer, new Decision(admit, expires));
  }

  /** Forgets the cached decision on {@code peer}, e.g. because it just registered. */
  protected void forget(PeerId peer) {
    cache.remove(peer);
  }

  /** Remembers {@code peer} as refused and cuts its connection, e.g. removed from the registry. */
  protected void revoke(PeerId peer, String why) {
    remember(peer, false);
    Host h = host;
    if (h != null) {
      h.connection(peer)
          .ifPresent(
              c -> {
                removedDisconnects.increment();
                LOG.info("gater {}: disconnecting {}: {}", name, peer, why);
                c.close();
              });
    }
  }

  private void refused(PeerId peer) {
    if (refusalLog.shouldLog(peer)) {
      LOG.info("gater {}: refused peer {}: {}", name, peer, refusal());
    }
  }

  private void count(boolean admit, Source source) {
    decisions
        .computeIfAbsent(
            (admit ? "admitted" : "refused") + "/" + source.name().toLowerCase(Locale.ROOT),
            k -> new LongAdder())
        .increment();
  }

  @Override
  public void start(Host host) {
    this.host = host;
    long period = settings.sweepInterval().toMillis();
    timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** Decides every open connection again and cuts those refused. */
  void sweep() {
    Host h = host;
    if (h == null) {
      return;
    }
    for (Connection c : h.connections()) {
      admitSecured(c.remotePeer(), c.direction())
          .whenComplete(
              (admit, e) -> {
                if (!Boolean.TRUE.equals(admit) && c.isOpen()) {
                  sweepDisconnects.increment();
                  LOG.info("gater {}: disconnecting {}: no longer admitted", name, c.remotePeer());
                  c.close();
                }
              });
    }
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("failureMode", settings.failureMode().label());
    s.put("cachedDecisions", cache.size());
    s.put("lookupsInFlight", inFlight.size());
    s.put("refusalLinesSuppressed", refusalLog.suppressed());
    return s;
  }

  @Override
  public List<Counter> counters() {
    List<Counter> out = new ArrayList<>();
    decisions.forEach(
        (key, n) -> {
          String[] parts = key.split("/");
          out.add(
              new Counter(
                  "gater_answers_total",
                  "Answers of the chain gater after the security handshake, by decision and where it came from.",
                  Map.of("gater", name, "decision", parts[0], "source", parts[1]),
                  n.sum()));
        });
    out.add(
        new Counter(
            "gater_lookup_failures_total",
            "Lookups the chain could not answer.",
            Map.of("gater", name),
            lookupFailures.sum()));
    out.add(
        new Counter(
            "gater_disconnects_total",
            "Open connections cut by the gater.",
            Map.of("gater", name, "reason", "removed"),
            removedDisconnects.sum()));
    out.add(
        new Counter(
            "gater_disconnects_total",
            "Open connections cut by the gater.",
            Map.of("gater", name, "reason", "sweep"),
            sweepDisconnects.sum()));
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    lookups.shutdownNow();
  }
}
