package org.subnetp2p.bench.chain;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.subnetp2p.core.admission.ConnectionGater;
import org.subnetp2p.core.host.Direction;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.multiaddr.Multiaddr;
import org.subnetp2p.core.spi.ProviderContext;
import org.subnetp2p.discovery.chain.ChainSettings;
import org.subnetp2p.discovery.chain.Registrar;
import org.subnetp2p.discovery.chain.admission.ChainGaterProvider;
import org.subnetp2p.discovery.chain.admission.PosGaterProvider;
import org.subnetp2p.discovery.chain.devnet.Anvil;
import org.subnetp2p.discovery.chain.devnet.DevAccounts;

/**
 * What the admission decision right after the security handshake costs, per connection: answered
 * from memory (the {@code chain} gater's registry copy, or a cached decision of the {@code pos}
 * gater), and on a miss (a lookup over JSON-RPC: {@code getPeer} on a real anvil, {@code
 * network_proofOfStake} on a stand-in). Misses are forced with a cache TTL of 1 ms and a new peer
 * each time (cycling through 4,096, so every answer has expired before its peer comes again).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
public class GaterBenchmark {
  /** Misses cycle through this many peers, so each lookup is for a peer whose answer expired. */
  private static final int STRANGERS = 4096;

  private Anvil anvil;
  private ProofOfStakeStandIn pos;
  private ConnectionGater chainView;
  private ConnectionGater chainMiss;
  private ConnectionGater posCached;
  private ConnectionGater posMiss;
  private PeerId member;
  private PeerId stranger;
  private final PeerId[] strangers = new PeerId[STRANGERS];
  private int next;

  @Setup(Level.Trial)
  public void start() throws Exception {
    anvil = Anvil.start(Anvil.options());
    pos = new ProofOfStakeStandIn();
    member = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    stranger = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    for (int i = 0; i < STRANGERS; i++) {
      strangers[i] = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    }
    String registry;
    try (Registrar registrar = Registrar.connect(anvil.rpcUrl(), DevAccounts.key(0))) {
      registry = registrar.deploy(BigInteger.ZERO);
      registrar.register(
          registry, BigInteger.ONE, member, Multiaddr.parse("/ip4/127.0.0.1/tcp/1"), null);
    }
    Map<String, String> node =
        Map.of(
            ChainSettings.CHAIN_RPC,
            anvil.rpcUrl().toString(),
            ChainSettings.REGISTRY,
            registry,
            ChainSettings.SUBNET_ID,
            "1");
    chainView = chain(node, Map.of("confirmations", "0", "poll-interval", "200ms"));
    chainMiss =
        chain(node, Map.of("confirmations", "1", "cache-ttl", "1ms", "poll-interval", "200ms"));
    Map<String, String> posNode =
        Map.of(ChainSettings.CHAIN_RPC, pos.url().toString(), ChainSettings.SUBNET_ID, "1");
    posCached = new PosGaterProvider().create(context("gater.pos", Map.of(), posNode));
    posMiss =
        new PosGaterProvider().create(context("gater.pos", Map.of("cache-ttl", "1ms"), posNode));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!chainView.allowSecured(member, Direction.INBOUND)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the registry copy never held the member");
      }
      Thread.sleep(100);
    }
    posCached.admitSecured(member, Direction.INBOUND).toCompletableFuture().get();
  }

  private static ConnectionGater chain(Map<String, String> node, Map<String, String> settings) {
    return new ChainGaterProvider().create(context("gater.chain", settings, node));
  }

  private static ProviderContext context(
      String prefix, Map<String, String> settings, Map<String, String> node) {
    return ProviderContext.of(
        PeerId.fromPublicKey(Keys.generateEd25519().publicKey()), prefix, settings, node);
  }

  @TearDown(Level.Trial)
  public void stop() {
    for (ConnectionGater g : new ConnectionGater[] {chainView, chainMiss, posCached, posMiss}) {
      if (g != null) {
        g.close();
      }
    }
    if (pos != null) {
      pos.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  private static boolean decide(ConnectionGater gater, PeerId peer) throws Exception {
    return gater.admitSecured(peer, Direction.INBOUND).toCompletableFuture().get();
  }

  /** A registered peer, answered from the registry copy in memory. */
  @Benchmark
  public boolean chainHitAdmitted() throws Exception {
    return decide(chainView, member);
  }

  /** An unregistered peer, refused from memory (its log line rate-limited). */
  @Benchmark
  public boolean chainHitRefused() throws Exception {
    return decide(chainView, stranger);
  }

  private PeerId nextStranger() {
    next = (next + 1) % STRANGERS;
    return strangers[next];
  }

  /** A miss: {@code getPeer} through {@code eth_call} on anvil, off the calling thread. */
  @Benchmark
  public boolean chainMiss() throws Exception {
    return decide(chainMiss, nextStranger());
  }

  /** A cached {@code pos} decision. */
  @Benchmark
  public boolean posCacheHit() throws Exception {
    return decide(posCached, member);
  }

  /** A miss: {@code network_proofOfStake} over HTTP JSON-RPC to the stand-in. */
  @Benchmark
  public boolean posMiss() throws Exception {
    return decide(posMiss, nextStranger());
  }
}
