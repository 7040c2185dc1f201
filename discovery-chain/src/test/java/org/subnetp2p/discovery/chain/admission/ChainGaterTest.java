package org.subnetp2p.discovery.chain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.spi.Reporting;
import org.subnetp2p.discovery.chain.testing.ChainFixture;
import org.subnetp2p.discovery.chain.testing.GatedHosts;

/**
 * The {@code chain} gater on real hosts against a real anvil: only registered peers get in, both
 * directions, right after the handshake; a removed peer is cut; an unreachable chain fails closed
 * (or open, when chosen).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChainGaterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ChainFixture chain;
  private final GatedHosts hosts = new GatedHosts();
  private ConnectionGater gater;

  @AfterEach
  void stop() {
    hosts.close();
    if (gater != null) {
      gater.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private ConnectionGater gater(Map<String, String> settings) {
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of(
                "poll-interval",
                "100ms",
                "rpc-timeout",
                "2s",
                "max-backoff",
                "500ms",
                "lookup-timeout",
                "2s"));
    all.putAll(settings);
    gater = new ChainGaterProvider().create(chain.context("gater.chain", all));
    return gater;
  }

  private static NotAdmittedException notAdmitted(Throwable t) {
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(NotAdmittedException.class);
    return (NotAdmittedException) t.getCause();
  }

  private static long counter(ConnectionGater g, String name, String label, String value) {
    return ((Reporting) g)
        .counters().stream()
            .filter(c -> c.name().equals(name) && value.equals(c.labels().get(label)))
            .mapToLong(Reporting.Counter::value)
            .sum();
  }

  @Test
  void onlyRegisteredPeersGetInBothWaysAndARemovedOneIsCut() throws Exception {
    chain = ChainFixture.start();
    Host member = hosts.start();
    Host intruder = hosts.start();
    chain.register(member.peerId(), 1);
    chain.mine(2);
    Host gated = hosts.start(gater(Map.of("confirmations", "2")));
    await().atMost(WAIT).until(() -> gater.allowSecured(member.peerId(), null));

    member.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    // The dialer's side completes first; the listener adds the connection once its own upgrade,
    // admission included, is done.
    await().atMost(WAIT).until(() -> gated.connection(member.peerId()).isPresent());

    NotAdmittedException in =
        notAdmitted(
            catchThrowable(
                () ->
                    intruder.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
    assertThat(in.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.REMOTE);
    NotAdmittedException out =
        notAdmitted(
            catchThrowable(
                () ->
                    gated.connect(intruder.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
    assertThat(out.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.LOCAL);
    assertThat(counter(gater, "gater_answers_total", "decision", "refused")).isEqualTo(2);
    assertThat(gated.connection(member.peerId())).as("the member is undisturbed").isPresent();

    chain.registrar().remove(chain.registry(), ChainFixture.SUBNET, member.peerId());
    chain.mine(2);
    await().atMost(WAIT).until(() -> gated.connection(member.peerId()).isEmpty());
    assertThat(counter(gater, "gater_disconnects_total", "reason", "removed")).isEqualTo(1);
    notAdmitted(
        catchThrowable(
            () -> member.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
  }

  @Test
  void aPeerRefusedEarlierGetsInOnceItRegisters() throws Exception {
    chain = ChainFixture.start();
    Host newcomer = hosts.start();
    Host gated = hosts.start(gater(Map.of("confirmations", "0")));
    await().atMost(WAIT).until(() -> ((Reporting) gater).status().get("state").equals("synced"));
    notAdmitted(
        catchThrowable(
            () -> newcomer.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));

    chain.register(newcomer.peerId(), 1);
    await().atMost(WAIT).until(() -> gater.allowSecured(newcomer.peerId(), null));
    newcomer.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void whenTheChainIsGoneNewPeersAreRefusedAndExistingOnesCutOnceTheirDecisionExpires()
      throws Exception {
    chain = ChainFixture.start();
    Host member = hosts.start();
    Host laterMember = hosts.start();
    chain.register(member.peerId(), 1);
    chain.register(laterMember.peerId(), 2);
    chain.mine(2);
    Host gated =
        hosts.start(
            gater(Map.of("confirmations", "2", "cache-ttl", "2s", "sweep-interval", "500ms")));
    await().atMost(WAIT).until(() -> gater.allowSecured(member.peerId(), null));
    member.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);

    chain.stopChain();
    await().atMost(WAIT).until(() -> gated.connection(member.peerId()).isEmpty());
    NotAdmittedException e =
        notAdmitted(
            catchThrowable(
                () ->
                    laterMember
                        .connect(gated.dialableAddresses().get(0))
                        .get(10, TimeUnit.SECONDS)));
    assertThat(e.refusedBy()).isEqualTo(NotAdmittedException.RefusedBy.REMOTE);
    assertThat(counter(gater, "gater_lookup_failures_total", "gater", "chain")).isPositive();
  }

  @Test
  void failOpenAdmitsWhomItCannotCheck() throws Exception {
    chain = ChainFixture.start();
    Host stranger = hosts.start();
    Host gated =
        hosts.start(
            gater(Map.of("confirmations", "0", "cache-ttl", "1s", "failure-mode", "fail-open")));
    await().atMost(WAIT).until(() -> ((Reporting) gater).status().get("state").equals("synced"));
    chain.stopChain();
    await().atMost(WAIT).until(() -> ((Reporting) gater).status().get("state").equals("degraded"));
    await().atMost(WAIT).until(this::staleView);

    stranger.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    assertThat(gated.connection(stranger.peerId())).isPresent();
  }

  /** The gater's registry copy is older than its cache TTL (1 s here). */
  private boolean staleView() {
    Object ago = ((Reporting) gater).status().get("lastSuccessMsAgo");
    return ago instanceof Long ms && ms > 1000;
  }
}
