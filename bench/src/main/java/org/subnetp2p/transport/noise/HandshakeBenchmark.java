package org.subnetp2p.transport.noise;

import java.util.List;
import java.util.Optional;
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
  private X25519KeyPair someKey;
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
    someKey = X25519KeyPair.generate();
    otherPublic = X25519KeyPair.generate().publicKey();
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
    HandshakeState dialer = HandshakeState.initiator(dialerLocal.staticKey());
    HandshakeState listener = HandshakeState.responder(listenerLocal.staticKey());
    listener.readMessage(dialer.writeMessage(new byte[0]));
    byte[] p2 = dialer.readMessage(listener.writeMessage(listenerLocal.payload()));
    SecureSession atDialer =
        HandshakePayload.verify(p2, dialer.remoteStaticKey(), Optional.of(listenerId));
    byte[] p3 = listener.readMessage(dialer.writeMessage(dialerLocal.payload()));
    HandshakePayload.verify(p3, listener.remoteStaticKey(), Optional.empty());
    return atDialer;
  }

  @Benchmark
  public X25519KeyPair x25519Generate() {
    return X25519KeyPair.generate();
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
