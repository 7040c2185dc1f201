package org.subnetp2p.bench.jmh;

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
import org.subnetp2p.core.multiaddr.Multiaddr;

/**
 * Multiaddr text and binary forms of a typical dialable address with a peer id. A multiaddr holds
 * its binary form from construction, so parsing text includes encoding the bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MultiaddrBenchmark {
  private String text;
  private byte[] bytes;

  @Setup(Level.Trial)
  public void setUp() {
    PeerId peer = PeerId.fromPublicKey(Keys.generateEd25519().publicKey());
    text = "/ip4/192.168.17.42/tcp/4001/p2p/" + peer;
    bytes = Multiaddr.parse(text).toBytes();
  }

  @Benchmark
  public Multiaddr parseText() {
    return Multiaddr.parse(text);
  }

  /** Formatting needs a fresh object: {@code toString()} caches its result. */
  @Benchmark
  public String parseBytesFormatText() {
    return Multiaddr.fromBytes(bytes).toString();
  }

  @Benchmark
  public Multiaddr parseBytes() {
    return Multiaddr.fromBytes(bytes);
  }
}
