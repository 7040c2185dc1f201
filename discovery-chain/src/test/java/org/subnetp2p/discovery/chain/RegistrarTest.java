package org.subnetp2p.discovery.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.discovery.chain.contract.SubnetPeerRegistry;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.subnetp2p.discovery.chain.testing.ChainFixture;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** The registry contract on a real anvil, written and read through the {@link Registrar}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistrarTest {
  private static ChainFixture chain;

  @BeforeAll
  static void startChain() throws Exception {
    chain = ChainFixture.start();
  }

  @AfterAll
  static void stopChain() {
    if (web3j != null) {
      web3j.shutdown();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private static BigInteger subnet(int n) {
    return BigInteger.valueOf(100 + n);
  }

  @Test
  void registerListUpdateAndDeregister() throws Exception {
    Registrar r = chain.registrar();
    String registry = chain.registry();
    PeerId peer = ChainFixture.newPeer();
    r.register(registry, subnet(1), peer, Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"), null);

    assertThat(r.list(registry, subnet(1)).records())
        .containsExactly(
            new RegistryRecord(peer, Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + peer)));

    r.updateAddress(registry, subnet(1), peer, Multiaddr.parse("/ip4/10.0.0.2/tcp/4002"));
    assertThat(r.list(registry, subnet(1)).records())
        .extracting(RegistryRecord::address)
        .containsExactly(Multiaddr.parse("/ip4/10.0.0.2/tcp/4002/p2p/" + peer));

    assertThat(r.remove(registry, subnet(1), peer)).as("deregistered by its registrant").isTrue();
    assertThat(r.list(registry, subnet(1)).records()).isEmpty();
  }

  @Test
  void registeringTwiceIsRefusedNamingTheContractError() throws Exception {
    PeerId peer = ChainFixture.newPeer();
    Multiaddr address = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    chain.registrar().register(chain.registry(), subnet(2), peer, address, null);

    assertThatThrownBy(
            () -> chain.registrar().register(chain.registry(), subnet(2), peer, address, null))
        .isInstanceOf(RegistrarException.class)
        .hasMessageContaining("AlreadyRegistered")
        .satisfies(e -> assertThat(((RegistrarException) e).refused()).isTrue());
  }

  @Test
  void aStakeBelowTheSubnetsMinimumIsRefusedAndTheStakeComesBackOnDeregistration()
      throws Exception {
    BigInteger minimum = BigInteger.TEN.pow(15);
    try (Registrar owner = Registrar.connect(chain.rpcUrl(), DevAccounts.key(1))) {
      owner.claimSubnet(chain.registry(), subnet(3), minimum);
    }
    PeerId peer = ChainFixture.newPeer();
    Multiaddr address = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    assertThatThrownBy(
            () ->
                chain
                    .registrar()
                    .register(chain.registry(), subnet(3), peer, address, BigInteger.ONE))
        .isInstanceOf(RegistrarException.class)
        .hasMessageContaining("StakeTooLow(" + minimum + ", 1)");

    assertThat(chain.registrar().minStake(chain.registry(), subnet(3))).isEqualTo(minimum);
    chain.registrar().register(chain.registry(), subnet(3), peer, address, null);
    assertThat(balance(chain.registry())).as("the registry holds the stake").isEqualTo(minimum);
    chain.registrar().remove(chain.registry(), subnet(3), peer);
    // Sent back at once: nothing left in the contract, nothing waiting to be withdrawn.
    assertThat(balance(chain.registry())).isZero();
    assertThat(
            SubnetPeerRegistry.load(
                    chain.registry(),
                    web3j(),
                    new ReadonlyTransactionManager(web3j(), null),
                    new DefaultGasProvider())
                .withdrawable(chain.registrar().account().orElseThrow())
                .send())
        .isZero();
  }

  @Test
  void theSubnetOwnerRemovesAPeerOthersRegisteredAndNobodyElseCan() throws Exception {
    PeerId peer = ChainFixture.newPeer();
    try (Registrar member = Registrar.connect(chain.rpcUrl(), DevAccounts.key(2));
        Registrar stranger = Registrar.connect(chain.rpcUrl(), DevAccounts.key(3))) {
      member.register(
          chain.registry(), subnet(4), peer, Multiaddr.parse("/ip4/10.0.0.9/tcp/1"), null);
      assertThatThrownBy(() -> stranger.remove(chain.registry(), subnet(4), peer))
          .isInstanceOf(RegistrarException.class)
          .hasMessageContaining("NotSubnetOwner");
    }
    // Dev account 0 deployed the registry: it owns every unclaimed subnet.
    assertThat(chain.registrar().remove(chain.registry(), subnet(4), peer))
        .as("removed by the owner")
        .isFalse();
    assertThat(chain.registrar().list(chain.registry(), subnet(4)).records()).isEmpty();
  }

  @Test
  void removingAPeerThatIsNotRegisteredSaysSo() {
    PeerId peer = ChainFixture.newPeer();
    assertThatThrownBy(() -> chain.registrar().remove(chain.registry(), subnet(5), peer))
        .isInstanceOf(RegistrarException.class)
        .hasMessageContaining("not registered");
  }

  @Test
  void anAddressNamingAnotherPeerIsRejectedBeforeAnythingIsSent() {
    PeerId peer = ChainFixture.newPeer();
    PeerId other = ChainFixture.newPeer();
    assertThatThrownBy(
            () ->
                chain
                    .registrar()
                    .register(
                        chain.registry(),
                        subnet(6),
                        peer,
                        Multiaddr.parse("/ip4/10.0.0.1/tcp/1/p2p/" + other),
                        null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyIsNeverShown() {
    ChainKey key = DevAccounts.key(0);
    assertThat(key.toString()).doesNotContain(DevAccounts.hex(0)).contains(key.address());
    assertThatThrownBy(() -> ChainKey.fromHex("0x1234secret", "SUBNET_NODE_CHAIN_KEY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUBNET_NODE_CHAIN_KEY")
        .hasMessageNotContaining("secret");
  }

  private static org.web3j.protocol.Web3j web3j;

  private static org.web3j.protocol.Web3j web3j() {
    if (web3j == null) {
      web3j = org.web3j.protocol.Web3j.build(new HttpService(chain.rpcUrl().toString()));
    }
    return web3j;
  }

  private static BigInteger balance(String account) throws Exception {
    return web3j().ethGetBalance(account, DefaultBlockParameterName.LATEST).send().getBalance();
  }
}
