package org.subnetp2p.bench.jmh.noise;

import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PeerId;
import org.subnetp2p.core.identity.PrivateKey;
import org.subnetp2p.transport.noise.NoiseBenchmarkAccess;
import org.subnetp2p.transport.noise.NoiseException;
import org.subnetp2p.transport.noise.NoiseStaticIdentity;
import org.subnetp2p.transport.noise.SecureSession;

/**
 * The CPU floor of a connection set-up: a whole noise-libp2p XX handshake, both sides in one thread
 * (fresh static and ephemeral X25519 keys, the Ed25519-signed payloads, their verification), and
 * its parts on the JDK's providers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HandshakeBenchmark {
  private static final List<String> MUXERS = List.of("/yamux/1.0.0");

  private PrivateKey dialerIdentity;
  private PrivateKey listenerIdentity;
  private PeerId listenerId;
  private NoiseStaticIdentity dialerStatic;
  private NoiseStaticIdentity listenerStatic;
  private NoiseBenchmarkAccess.X25519 someKey;
  private byte[] otherPublic;
  private byte[] data;
  private byte[] signature;

  @Setup(Level.Trial)
  public void setUp() {
    dialerIdentity = Keys.generateEd25519();
    listenerIdentity = Keys.generateEd25519();
    listenerId = PeerId.fromPublicKey(listenerIdentity.publicKey());
    dialerStatic = NoiseStaticIdentity.create(dialerIdentity, MUXERS);
    listenerStatic = NoiseStaticIdentity.create(listenerIdentity, MUXERS);
    someKey = NoiseBenchmarkAccess.x25519();
    otherPublic = NoiseBenchmarkAccess.x25519().publicKey();
    data = new byte[56];
    signature = dialerIdentity.sign(data);
  }

  /**
   * Both sides of XX with a fresh static key per connection, each signed: what one connection cost
   * in CPU before hosts shared their {@link NoiseStaticIdentity}.
   */
  @Benchmark
  public SecureSession xxBothSidesFreshStaticKeys() throws Exception {
    return handshake(
        NoiseStaticIdentity.create(dialerIdentity, MUXERS),
        NoiseStaticIdentity.create(listenerIdentity, MUXERS));
  }

  /** Both sides of XX as NettyHost runs them: static keys and their signatures made once. */
  @Benchmark
  public SecureSession xxBothSidesSharedStaticKeys() throws Exception {
    return handshake(dialerStatic, listenerStatic);
  }

  private SecureSession handshake(
      NoiseStaticIdentity dialerLocal, NoiseStaticIdentity listenerLocal) throws Exception {
    return NoiseBenchmarkAccess.handshake(dialerLocal, listenerLocal, listenerId);
  }

  @Benchmark
  public NoiseBenchmarkAccess.X25519 x25519Generate() {
    return NoiseBenchmarkAccess.x25519();
  }

  @Benchmark
  public byte[] x25519Dh() throws NoiseException {
    return someKey.dh(otherPublic);
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return dialerIdentity.sign(data);
  }

  @Benchmark
  public boolean ed25519Verify() {
    return dialerIdentity.publicKey().verify(data, signature);
  }

  @Benchmark
  public PeerId ed25519PeerIdFromMarshalledKey() {
    return PeerId.fromPublicKey(Keys.unmarshalPublicKey(dialerIdentity.publicKey().marshal()));
  }
}
