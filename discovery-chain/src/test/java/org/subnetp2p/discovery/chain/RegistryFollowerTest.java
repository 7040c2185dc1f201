package org.subnetp2p.discovery.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.testing.ChainFixture;
import org.subnetp2p.discovery.chain.testing.FakeRpc;

/**
 * The reader against a real anvil: it loads, follows events once they are confirmed, undoes a reorg
 * deeper than its confirmation depth, survives the chain going away, and skips every kind of bad
 * record with a counted reason. Waits are bounded by Awaitility, never by sleeps.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RegistryFollowerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ChainFixture chain;
  private RegistryFollower follower;

  @AfterEach
  void stop() {
    if (follower != null) {
      follower.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private RegistryFollower follow(ChainSettings settings) {
    follower = new RegistryFollower(settings);
    follower.start();
    return follower;
  }

  private void awaitSureBlock(long block) {
    await().atMost(WAIT).until(() -> follower.sureBlock() >= block);
  }

  @Test
  void loadsTheSubnetThenAppliesEachEventOnlyOnceItHasTheConfirmationDepth() throws Exception {
    chain = ChainFixture.start();
    PeerId a = ChainFixture.newPeer();
    Multiaddr aAddress = chain.register(a, 4001);
    chain.mine(2);
    follow(chain.settings(2));
    await().atMost(WAIT).until(follower::isLoaded);
    assertThat(follower.record(a)).contains(new RegistryRecord(a, aAddress));
    await().atMost(WAIT).until(() -> follower.state() == RegistryFollower.State.SYNCED);

    PeerId b = ChainFixture.newPeer();
    Multiaddr bAddress = chain.register(b, 4002);
    long registeredIn = chain.head();
    awaitSureBlock(registeredIn - 2);
    assertThat(follower.record(b)).as("no confirmation yet").isEmpty();
    chain.mine(1);
    awaitSureBlock(registeredIn - 1);
    assertThat(follower.record(b)).as("one confirmation of two").isEmpty();
    chain.mine(1);
    await().atMost(WAIT).until(() -> follower.record(b).isPresent());
    assertThat(follower.record(b)).contains(new RegistryRecord(b, bAddress));

    Multiaddr moved = Multiaddr.parse("/ip4/127.0.0.1/tcp/5002/p2p/" + b);
    chain.registrar().updateAddress(chain.registry(), ChainFixture.SUBNET, b, moved);
    chain.mine(2);
    await()
        .atMost(WAIT)
        .until(() -> follower.record(b).map(RegistryRecord::address).orElse(null), moved::equals);

    chain.registrar().remove(chain.registry(), ChainFixture.SUBNET, a);
    chain.mine(2);
    await().atMost(WAIT).until(() -> follower.record(a).isEmpty());
    assertThat(follower.records()).extracting(RegistryRecord::peer).containsExactly(b);
  }

  @Test
  void aReorgDeeperThanTheConfirmationDepthIsUndoneAndReadAgain() throws Exception {
    chain = ChainFixture.start();
    follow(chain.settings(1));
    await().atMost(WAIT).until(follower::isLoaded);
    String snapshot = chain.snapshot();

    PeerId orphaned = ChainFixture.newPeer();
    chain.register(orphaned, 4001);
    chain.mine(3);
    await().atMost(WAIT).until(() -> follower.record(orphaned).isPresent());

    chain.revert(snapshot); // the blocks holding the registration are gone
    PeerId canonical = ChainFixture.newPeer();
    chain.register(canonical, 4002);
    chain.mine(4);

    await().atMost(WAIT).until(() -> follower.record(canonical).isPresent());
    assertThat(follower.record(orphaned)).as("registered only on the abandoned branch").isEmpty();
    assertThat(follower.reorgs()).isPositive();
  }

  @Test
  void anOutageIsSurvivedServingTheCacheAndFollowingResumesWhenTheChainIsBack(@TempDir Path dir)
      throws Exception {
    Path state = dir.resolve("anvil-state.json");
    chain = ChainFixture.start(Anvil.options().dumpState(state));
    PeerId before = ChainFixture.newPeer();
    chain.register(before, 4001);
    chain.mine(2);
    follow(chain.settings(2));
    await().atMost(WAIT).until(() -> follower.record(before).isPresent());
    int port = chain.anvil().port();

    chain.stopChain();
    await().atMost(WAIT).until(() -> follower.state() == RegistryFollower.State.DEGRADED);
    assertThat(follower.record(before))
        .as("served from memory while the chain is away")
        .isPresent();
    assertThat(follower.status()).containsKey("lastError").containsEntry("state", "degraded");
    long failures = follower.rpcFailures();
    await().atMost(WAIT).until(() -> follower.rpcFailures() > failures);
    assertThat(Files.size(state)).as("anvil dumped its state").isPositive();

    chain.restart(Anvil.options().port(port).loadState(state).dumpState(state));
    PeerId after = ChainFixture.newPeer();
    chain.register(after, 4002);
    chain.mine(2);
    await().atMost(WAIT).until(() -> follower.record(after).isPresent());
    assertThat(follower.record(before)).isPresent();
    await().atMost(WAIT).until(() -> follower.state() == RegistryFollower.State.SYNCED);
  }

  @Test
  void everyKindOfBadRecordIsSkippedWithItsReasonWhetherLoadedOrFollowed() throws Exception {
    chain = ChainFixture.start();
    registerBadRecords();
    PeerId good = ChainFixture.newPeer();
    chain.register(good, 4001);
    chain.mine(2);

    follow(chain.settings(2));
    await().atMost(WAIT).until(follower::isLoaded);
    assertThat(follower.records()).extracting(RegistryRecord::peer).containsExactly(good);
    assertSkipped(1);

    registerBadRecords(); // again, now as events
    chain.mine(2);
    await().atMost(WAIT).until(() -> follower.skipped(SkipReason.MISSING_P2P) == 2);
    assertSkipped(2);
    assertThat(follower.records()).extracting(RegistryRecord::peer).containsExactly(good);
  }

  private void registerBadRecords() throws Exception {
    Registrar r = chain.registrar();
    String registry = chain.registry();
    BigInteger subnet = ChainFixture.SUBNET;
    PeerId p1 = ChainFixture.newPeer();
    r.registerRaw(
        registry, subnet, p1.toBase58(), new byte[] {(byte) 0xff, 0x7f, 1}, BigInteger.ZERO);
    PeerId p2 = ChainFixture.newPeer();
    r.registerRaw(
        registry,
        subnet,
        "not-a-peer-id-" + java.util.UUID.randomUUID(),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + p2).toBytes(),
        BigInteger.ZERO);
    PeerId p3 = ChainFixture.newPeer();
    PeerId someoneElse = ChainFixture.newPeer();
    r.registerRaw(
        registry,
        subnet,
        p3.toBase58(),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/1/p2p/" + someoneElse).toBytes(),
        BigInteger.ZERO);
    PeerId p4 = ChainFixture.newPeer();
    r.registerRaw(
        registry,
        subnet,
        p4.toBase58(),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/1").toBytes(),
        BigInteger.ZERO);
  }

  private void assertSkipped(int each) {
    assertThat(follower.skipped(SkipReason.MALFORMED_MULTIADDR)).isEqualTo(each);
    assertThat(follower.skipped(SkipReason.BAD_PEER_ID)).isEqualTo(each);
    assertThat(follower.skipped(SkipReason.PEER_ID_MISMATCH)).isEqualTo(each);
    assertThat(follower.skipped(SkipReason.MISSING_P2P)).isEqualTo(each);
  }

  @Test
  void aSubnetLargerThanTheBoundKeepsTheBoundAndCountsTheRest() throws Exception {
    chain = ChainFixture.start();
    for (int i = 0; i < 8; i++) {
      chain.register(ChainFixture.newPeer(), 5000 + i);
    }
    chain.mine(2);
    ChainSettings small =
        ChainSettings.from(
            chain.context(
                "discovery.chain",
                Map.of("max-peers", "5", "page-size", "2", "poll-interval", "100ms")));
    follow(small);
    await().atMost(WAIT).until(follower::isLoaded);
    assertThat(follower.records()).hasSize(5);
    assertThat(follower.skipped(SkipReason.OVER_LIMIT)).isEqualTo(3);

    chain.register(ChainFixture.newPeer(), 6000);
    chain.mine(2);
    await().atMost(WAIT).until(() -> follower.skipped(SkipReason.OVER_LIMIT) == 4);
    assertThat(follower.records()).hasSize(5);
  }

  @Test
  void anRpcThatHangsAnswersGarbageOrNeverEndsIsCountedAndTheReaderRecovers() throws Exception {
    chain = ChainFixture.start();
    PeerId member = ChainFixture.newPeer();
    chain.register(member, 4001);
    chain.mine(2);
    try (FakeRpc rpc = new FakeRpc(chain.rpcUrl())) {
      ChainSettings settings =
          ChainSettings.from(
              org.subnetp2p.core.spi.ProviderContext.of(
                  ChainFixture.newPeer(),
                  "discovery.chain",
                  Map.of("poll-interval", "100ms", "rpc-timeout", "1s", "max-backoff", "500ms"),
                  Map.of(
                      ChainSettings.CHAIN_RPC, rpc.url().toString(),
                      ChainSettings.REGISTRY, chain.registry(),
                      ChainSettings.SUBNET_ID, ChainFixture.SUBNET.toString())));
      for (FakeRpc.Mode bad :
          new FakeRpc.Mode[] {
            FakeRpc.Mode.GARBAGE, FakeRpc.Mode.WRONG_SHAPE, FakeRpc.Mode.HANG, FakeRpc.Mode.ENDLESS
          }) {
        rpc.mode(bad);
        if (follower == null) {
          follow(settings);
        }
        long failures = follower.rpcFailures();
        await().atMost(WAIT).until(() -> follower.rpcFailures() >= failures + 2);
        assertThat(follower.isLoaded()).as("nothing loaded from %s", bad).isFalse();
        assertThat(follower.records()).as("nothing admitted from %s", bad).isEmpty();
        assertThat(follower.state()).isEqualTo(RegistryFollower.State.DEGRADED);
      }
      rpc.mode(FakeRpc.Mode.PASS);
      await().atMost(WAIT).until(() -> follower.record(member).isPresent());
      await().atMost(WAIT).until(() -> follower.state() == RegistryFollower.State.SYNCED);
    }
  }
}
