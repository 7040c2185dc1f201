package org.subnetp2p.discovery.chain.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.Registrar;
import org.subnetp2p.discovery.chain.RegistrarException;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;
import org.subnetp2p.discovery.chain.rpc.RpcException;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/** A real anvil with a freshly deployed registry, and what tests do with it. */
public final class ChainFixture implements AutoCloseable {
  public static final BigInteger SUBNET = BigInteger.ONE;

  private Anvil anvil;
  private final Registrar registrar;
  private final String registry;
  private final ChainRpc rpc;

  private ChainFixture(Anvil anvil) throws IOException {
    this.anvil = anvil;
    this.registrar = Registrar.connect(anvil.rpcUrl(), DevAccounts.key(0));
    this.registry = registrar.deploy(BigInteger.ZERO);
    this.rpc = ChainRpc.connect(anvil.rpcUrl(), Duration.ofSeconds(10));
  }

  /** Anvil on a free port, one block per transaction, and a registry with no minimum stake. */
  public static ChainFixture start() throws IOException {
    return new ChainFixture(Anvil.start(Anvil.options()));
  }

  /** The same, with anvil started from {@code options}. */
  public static ChainFixture start(Anvil.Options options) throws IOException {
    return new ChainFixture(Anvil.start(options));
  }

  public Anvil anvil() {
    return anvil;
  }

  public URI rpcUrl() {
    return anvil.rpcUrl();
  }

  public Registrar registrar() {
    return registrar;
  }

  public String registry() {
    return registry;
  }

  /** Stops anvil (it dumps its state if told to) and starts it again with {@code options}. */
  public void restart(Anvil.Options options) throws IOException {
    anvil.close();
    anvil = Anvil.start(options);
  }

  /** Stops anvil. */
  public void stopChain() {
    anvil.close();
  }

  /** A fresh identity's peer id. */
  public static PeerId newPeer() {
    PrivateKey key = Keys.generateEd25519();
    return PeerId.fromPublicKey(key.publicKey());
  }

  /** Registers {@code peer} at {@code /ip4/127.0.0.1/tcp/<port>}. */
  public Multiaddr register(PeerId peer, int port) throws RegistrarException {
    Multiaddr address = Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port);
    registrar.register(registry, SUBNET, peer, address, BigInteger.ZERO);
    return address.withPeerId(peer);
  }

  /** The settings a provider of {@code prefix} would read with {@code extra} provider settings. */
  public ProviderContext context(String prefix, Map<String, String> extra) {
    return ProviderContext.of(
        newPeer(),
        prefix,
        extra,
        Map.of(
            ChainSettings.CHAIN_RPC, rpcUrl().toString(),
            ChainSettings.REGISTRY, registry,
            ChainSettings.SUBNET_ID, SUBNET.toString()));
  }

  /** Reader settings with a short poll interval. */
  public ChainSettings settings(int confirmations) {
    return ChainSettings.from(
        context(
            "discovery.chain",
            Map.of(
                "confirmations", Integer.toString(confirmations),
                "poll-interval", "100ms",
                "rpc-timeout", "3s",
                "max-backoff", "1s")));
  }

  /** The newest block's number. */
  public long head() throws RpcException {
    return rpc.blockNumber();
  }

  /** Mines {@code blocks} empty blocks. */
  public void mine(int blocks) throws IOException {
    call("anvil_mine", List.of("0x" + Integer.toHexString(blocks)));
  }

  /** Takes a snapshot of the chain; its id for {@link #revert}. */
  public String snapshot() throws IOException {
    return String.valueOf(call("evm_snapshot", List.of()));
  }

  /** Goes back to {@code snapshot}: every block after it is gone. */
  public void revert(String snapshot) throws IOException {
    call("evm_revert", List.of(snapshot));
  }

  /** The answer of a plain JSON-RPC call. */
  public Object call(String method, List<Object> params) throws IOException {
    Request<Object, Answer> request = new Request<>(method, params, rpc.service(), Answer.class);
    return rpc.send(method, request).getResult();
  }

  /** Any JSON answer. */
  public static final class Answer extends Response<Object> {}

  @Override
  public void close() {
    rpc.close();
    registrar.close();
    anvil.close();
  }
}
