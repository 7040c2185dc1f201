package org.subnetp2p.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Connection;
import org.subnetp2p.core.host.ConnectionListener;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.Durations;

/**
 * Keeps the node connected to its bootstrap peers: whenever none of them is connected (at start, or
 * after the last one disconnected), it dials them all, and while every dial fails it tries again
 * with exponential backoff ({@link #FIRST_BACKOFF} doubling up to {@link #MAX_BACKOFF}), for as
 * long as the node runs. A failed round is logged, never fatal: a node must come up, and stay up,
 * while its bootstrap peers are down.
 */
final class Bootstrapper implements ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** Bootstrap addresses are the operator's word: they outlive what the network tells us. */
  private static final Duration MANUAL_TTL = Duration.ofDays(365);

  private final Host host;
  private final List<Multiaddr> peers = new ArrayList<>();
  private final Set<PeerId> ids;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean roundPending = new AtomicBoolean(); // scheduled or running
  private volatile Duration backoff = FIRST_BACKOFF;
  private volatile boolean stopped;

  Bootstrapper(Host host, List<Multiaddr> bootstrap, ScheduledExecutorService scheduler) {
    this.host = host;
    this.scheduler = scheduler;
    for (Multiaddr address : bootstrap) {
      if (address.peerId().orElseThrow().equals(host.peerId())) {
        LOG.info("skipping bootstrap address {}: it is this node", address);
      } else {
        peers.add(address);
      }
    }
    this.ids = peers.stream().map(a -> a.peerId().orElseThrow()).collect(Collectors.toSet());
  }

  void start() {
    for (Multiaddr address : peers) {
      host.addressBook()
          .add(
              address.peerId().orElseThrow(),
              List.of(address),
              AddressBook.Source.MANUAL,
              MANUAL_TTL);
    }
    if (peers.isEmpty()) {
      return;
    }
    host.addConnectionListener(this);
    schedule(Duration.ZERO);
  }

  void stop() {
    stopped = true;
    host.removeConnectionListener(this);
  }

  @Override
  public void connected(Connection connection) {}

  /** Called on a network thread, which must not wait: the check moves to a virtual thread. */
  @Override
  public void disconnected(Connection connection) {
    if (ids.contains(connection.remotePeer()) && !stopped) {
      Thread.ofVirtual()
          .name("bootstrap check")
          .start(
              () -> {
                if (!anyConnected()) {
                  LOG.info("no bootstrap peer connected any more; dialling them again");
                  schedule(backoff);
                }
              });
    }
  }

  private boolean anyConnected() {
    return ids.stream().anyMatch(id -> host.connection(id).isPresent());
  }

  /** Schedules a round unless one is already scheduled or running. */
  private void schedule(Duration delay) {
    if (stopped || !roundPending.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      roundPending.set(false); // the node is closing
    }
  }

  /** Dials every bootstrap peer; on the scheduler thread, never on a network thread. */
  private void round() {
    if (stopped || anyConnected()) {
      roundPending.set(false);
      return;
    }
    List<CompletableFuture<Connection>> dials = peers.stream().map(host::connect).toList();
    CompletableFuture.allOf(dials.toArray(CompletableFuture[]::new))
        .handleAsync((v, e) -> roundDone(dials), scheduler);
  }

  private Void roundDone(List<CompletableFuture<Connection>> dials) {
    List<String> failures = new ArrayList<>();
    List<String> connected = new ArrayList<>();
    for (int i = 0; i < dials.size(); i++) {
      CompletableFuture<Connection> dial = dials.get(i);
      if (dial.isCompletedExceptionally()) {
        failures.add(peers.get(i) + ": " + reason(dial));
      } else {
        connected.add(peers.get(i).peerId().orElseThrow().toString());
      }
    }
    roundPending.set(false);
    if (stopped) {
      return null;
    }
    if (failures.size() < dials.size()) {
      // One line per round, the bootstrap state: how many answered, and who did not.
      LOG.info(
          "connected to bootstrap peers: {} of {} ({}){}",
          connected.size(),
          dials.size(),
          String.join(", ", connected),
          failures.isEmpty() ? "" : "; not reached: " + String.join("; ", failures));
      backoff = FIRST_BACKOFF;
      if (!anyConnected()) { // lost again while this round finished
        schedule(backoff);
      }
      return null;
    }
    Duration wait = backoff;
    Duration doubled = wait.multipliedBy(2);
    backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    LOG.warn(
        "cannot reach any bootstrap peer ({}); retrying in {}",
        String.join("; ", failures),
        Durations.format(wait));
    schedule(wait);
    return null;
  }

  private static String reason(CompletableFuture<?> failed) {
    try {
      failed.join();
      return "";
    } catch (CompletionException | CancellationException e) {
      Throwable t = e.getCause() != null ? e.getCause() : e;
      return t.getMessage() != null ? t.getMessage() : t.toString();
    }
  }
}
