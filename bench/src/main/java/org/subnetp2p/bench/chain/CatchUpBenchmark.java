package org.subnetp2p.bench.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.Registrar;
import org.subnetp2p.discovery.chain.RegistryFollower;
import org.subnetp2p.discovery.chain.contract.SubnetPeerRegistry;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;
import org.subnetp2p.discovery.chain.rpc.ChainRpc;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.NoOpProcessor;

/**
 * How long the registry reader takes to catch up with N registrations (default 10,000) on a real
 * anvil, both ways it meets them:
 *
 * <ul>
 *   <li><b>events</b>: a reader already following an empty subnet; the N registrations are mined at
 *       once (automine off, then {@code anvil_mine}), and it applies their logs;
 *   <li><b>load</b>: a reader started afterwards loads the N records with {@code listPeers}.
 * </ul>
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.subnetp2p.bench.chain.CatchUpBenchmark [N]}.
 * Prints one line per figure; by hand, figures in BENCHMARKS.md.
 */
public final class CatchUpBenchmark {
  private CatchUpBenchmark() {}

  /** Any JSON answer. */
  public static final class Answer extends Response<Object> {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    try (Anvil anvil = Anvil.start(Anvil.options().arguments("--gas-limit", "300000000"));
        ChainRpc rpc = ChainRpc.connect(anvil.rpcUrl(), Duration.ofSeconds(60))) {
      String registry;
      try (Registrar registrar = Registrar.connect(anvil.rpcUrl(), DevAccounts.key(0))) {
        registry = registrar.deploy(BigInteger.ZERO);
      }
      ChainSettings settings = settings(anvil.rpcUrl(), registry);
      try (PausableProxy proxy = new PausableProxy(anvil.rpcUrl());
          RegistryFollower following = new RegistryFollower(settings(proxy.url(), registry))) {
        following.start();
        following.loaded().get(60, TimeUnit.SECONDS);
        long before = following.sureBlock();
        proxy.pause();

        call(rpc, "evm_setAutomine", List.of(false));
        long sendStart = System.nanoTime();
        send(rpc, registry, n);
        long sent = System.nanoTime();
        System.out.printf("sent %d registrations in %d ms%n", n, ms(sent - sendStart));

        long mineStart = System.nanoTime();
        // 30 M gas blocks hold ~100 registrations; mine until the pool is empty.
        while (pending(rpc) > 0) {
          call(rpc, "anvil_mine", List.of("0x10"));
        }
        long mined = System.nanoTime();
        long head = rpc.blockNumber();
        System.out.printf(
            "anvil mined them in %d ms, up to block %d%n", ms(mined - mineStart), head);
        long resumed = System.nanoTime();
        proxy.resume();
        awaitRecords(following, n);
        long caughtUp = System.nanoTime();
        System.out.printf(
            "events: the reader, %d blocks behind, caught up with %d records in %d ms%n",
            head - before, following.records().size(), ms(caughtUp - resumed));
      }

      long loadStart = System.nanoTime();
      try (RegistryFollower fresh = new RegistryFollower(settings)) {
        fresh.start();
        fresh.loaded().get(10, TimeUnit.MINUTES);
        long loaded = System.nanoTime();
        System.out.printf(
            "load: a new reader loaded %d records in %d ms%n",
            fresh.records().size(), ms(loaded - loadStart));
      }
    }
  }

  private static ChainSettings settings(URI rpc, String registry) {
    return ChainSettings.from(
        ProviderContext.of(
            PeerId.fromPublicKey(Keys.generateEd25519().publicKey()),
            "discovery.chain",
            Map.of("confirmations", "0", "poll-interval", "100ms", "rpc-timeout", "300s"),
            Map.of(
                ChainSettings.CHAIN_RPC,
                rpc.toString(),
                ChainSettings.REGISTRY,
                registry,
                ChainSettings.SUBNET_ID,
                "1")));
  }

  /** N registrations from dev account 1, nonces counted locally, receipts not awaited. */
  private static void send(ChainRpc rpc, String registry, int n) throws Exception {
    Credentials account = Credentials.create(DevAccounts.hex(1));
    FastRawTransactionManager transactions =
        new FastRawTransactionManager(
            rpc.web3j(), account, rpc.chainId(), new NoOpProcessor(rpc.web3j()));
    SubnetPeerRegistry contract =
        SubnetPeerRegistry.load(
            registry,
            rpc.web3j(),
            transactions,
            new StaticGasProvider(
                BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(400_000)));
    for (int i = 0; i < n; i++) {
      PeerId peer = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
      byte[] address =
          Multiaddr.parse("/ip4/10.0." + (i / 250) + "." + (i % 250) + "/tcp/4001")
              .withPeerId(peer)
              .toBytes();
      contract.register(BigInteger.ONE, peer.toBase58(), address, BigInteger.ZERO).send();
    }
  }

  private static long pending(ChainRpc rpc) throws Exception {
    Object status = call(rpc, "txpool_status", List.of());
    if (status instanceof Map<?, ?> m && m.get("pending") instanceof String hex) {
      return Long.decode(hex);
    }
    throw new IllegalStateException("unexpected txpool_status answer");
  }

  private static void awaitRecords(RegistryFollower follower, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (follower.records().size() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + follower.records().size() + " of " + n + " records after 10 minutes");
      }
      Thread.sleep(20);
    }
  }

  private static Object call(ChainRpc rpc, String method, List<Object> params) throws Exception {
    return rpc.send(method, new Request<>(method, params, rpc.service(), Answer.class)).getResult();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
