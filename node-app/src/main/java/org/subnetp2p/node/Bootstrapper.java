package org.subnetp2p.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subnetp2p.core.host.AddressBook;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Dials the bootstrap peers at start. A failed dial is logged and retried with exponential backoff
 * a few times, never fatal: a node must come up even while its bootstrap peers are down.
 */
final class Bootstrapper {
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);
  static final int ATTEMPTS = 5;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** Bootstrap addresses are the operator's word: they outlive what the network tells us. */
  private static final Duration MANUAL_TTL = Duration.ofDays(365);

  private final Host host;
  private final List<Multiaddr> peers;
  private final ScheduledExecutorService scheduler;
  private volatile boolean stopped;

  Bootstrapper(Host host, List<Multiaddr> peers, ScheduledExecutorService scheduler) {
    this.host = host;
    this.peers = peers;
    this.scheduler = scheduler;
  }

  void start() {
    for (Multiaddr address : peers) {
      PeerId peer = address.peerId().orElseThrow();
      if (peer.equals(host.peerId())) {
        LOG.info("skipping bootstrap address {}: it is this node", address);
        continue;
      }
      host.addressBook().add(peer, List.of(address), AddressBook.Source.MANUAL, MANUAL_TTL);
      attempt(address, 1);
    }
  }

  void stop() {
    stopped = true;
  }

  private void attempt(Multiaddr address, int attempt) {
    host.connect(address)
        .whenComplete(
            (connection, error) -> {
              if (error == null) {
                LOG.info("connected to bootstrap peer {}", address);
              } else if (!stopped) {
                retryOrGiveUp(address, attempt, reason(error));
              }
            });
  }

  private void retryOrGiveUp(Multiaddr address, int attempt, String reason) {
    if (attempt >= ATTEMPTS) {
      LOG.warn("giving up on bootstrap peer {} after {} attempts: {}", address, attempt, reason);
      return;
    }
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    LOG.warn(
        "cannot reach bootstrap peer {} (attempt {} of {}): {}; retrying in {}",
        address,
        attempt,
        ATTEMPTS,
        reason,
        Durations.format(backoff));
    try {
      scheduler.schedule(
          () -> attempt(address, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the node is closing
    }
  }

  private static String reason(Throwable error) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
