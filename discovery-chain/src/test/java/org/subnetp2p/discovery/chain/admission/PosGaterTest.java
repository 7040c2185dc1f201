package org.subnetp2p.discovery.chain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Host;
import org.subnetp2p.core.host.NotAdmittedException;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.testing.GatedHosts;
import org.subnetp2p.discovery.chain.testing.ProofOfStakeServer;

/**
 * The {@code pos} gater on real hosts against {@link ProofOfStakeServer}, a stand-in for a
 * Hypertensor node's JSON-RPC implementing {@code network_proofOfStake} as Hypertensor declares it
 * (a real node cannot run here).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PosGaterTest {
  private static final long SUBNET = 7;

  private ProofOfStakeServer chain;
  private final GatedHosts hosts = new GatedHosts();
  private ConnectionGater gater;

  @BeforeEach
  void startChain() throws Exception {
    chain = new ProofOfStakeServer();
  }

  @AfterEach
  void stop() {
    hosts.close();
    if (gater != null) {
      gater.close();
    }
    chain.close();
  }

  private Host gated(Map<String, String> settings) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("lookup-timeout", "5s"));
    all.putAll(settings);
    gater =
        new PosGaterProvider()
            .create(
                ProviderContext.of(
                    PeerId.fromPublicKey(Keys.generateEd25519().publicKey()),
                    "gater.pos",
                    all,
                    Map.of(
                        ChainSettings.CHAIN_RPC, chain.url().toString(),
                        ChainSettings.SUBNET_ID, Long.toString(SUBNET))));
    return hosts.start(gater);
  }

  private static NotAdmittedException notAdmitted(Throwable t) {
    assertThat(t).isInstanceOf(ExecutionException.class);
    assertThat(t.getCause()).isInstanceOf(NotAdmittedException.class);
    return (NotAdmittedException) t.getCause();
  }

  @Test
  void aStakedPeerGetsInAndAnUnstakedOneIsRefusedAfterTheHandshake() throws Exception {
    Host gated = gated(Map.of());
    Host staked = hosts.start();
    Host unstaked = hosts.start();
    chain.stake(SUBNET, staked.peerId().toBase58(), 0);

    staked.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
    notAdmitted(
        catchThrowable(
            () -> unstaked.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
    assertThat(
            notAdmitted(
                    catchThrowable(
                        () ->
                            gated
                                .connect(unstaked.dialableAddresses().get(0))
                                .get(10, TimeUnit.SECONDS)))
                .refusedBy())
        .isEqualTo(NotAdmittedException.RefusedBy.LOCAL);

    // The call as subnet-template makes it: subnet id, the base58 text's bytes, class 0.
    assertThat(chain.calls())
        .contains(new ProofOfStakeServer.Call(SUBNET, staked.peerId().toBase58(), 0))
        .contains(new ProofOfStakeServer.Call(SUBNET, unstaked.peerId().toBase58(), 0));
  }

  @Test
  void yesAndNoAreCachedSoTheChainIsAskedOncePerPeer() throws Exception {
    Host gated = gated(Map.of());
    Host staked = hosts.start();
    Host unstaked = hosts.start();
    chain.stake(SUBNET, staked.peerId().toBase58(), 0);
    for (int i = 0; i < 3; i++) {
      staked.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);
      staked.connection(gated.peerId()).orElseThrow().close().get(10, TimeUnit.SECONDS);
      notAdmitted(
          catchThrowable(
              () -> unstaked.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
    }
    assertThat(chain.calls()).hasSize(2);
  }

  @Test
  void whenTheRpcFailsPeersAreAdmittedAsSubnetTemplateDoesUnlessFailClosed() throws Exception {
    chain.mode(ProofOfStakeServer.Mode.ERROR);
    Host open = gated(Map.of());
    hosts.start().connect(open.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS);

    gater.close();
    Host closed = gated(Map.of("failure-mode", "fail-closed"));
    notAdmitted(
        catchThrowable(
            () ->
                hosts
                    .start()
                    .connect(closed.dialableAddresses().get(0))
                    .get(10, TimeUnit.SECONDS)));
  }

  @Test
  void anRpcThatIsGoneCountsAsFailed() throws Exception {
    chain.close();
    Host closed = gated(Map.of("failure-mode", "fail-closed", "rpc-timeout", "2s"));
    notAdmitted(
        catchThrowable(
            () ->
                hosts
                    .start()
                    .connect(closed.dialableAddresses().get(0))
                    .get(10, TimeUnit.SECONDS)));
  }

  @Test
  void anAnswerThatIsNotABooleanIsANo() throws Exception {
    chain.mode(ProofOfStakeServer.Mode.NOT_A_BOOLEAN);
    Host gated = gated(Map.of());
    notAdmitted(
        catchThrowable(
            () ->
                hosts.start().connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
  }

  @Test
  void theMinimumClassIsPassedOn() throws Exception {
    Host gated = gated(Map.of("min-class", "3"));
    Host idle = hosts.start();
    chain.stake(SUBNET, idle.peerId().toBase58(), 1);
    notAdmitted(
        catchThrowable(
            () -> idle.connect(gated.dialableAddresses().get(0)).get(10, TimeUnit.SECONDS)));
    assertThat(chain.calls()).extracting(ProofOfStakeServer.Call::minClass).containsOnly(3);
  }
}
