package org.subnetp2p.bench.jmh.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.subnetp2p.transport.noise.NoiseBenchmarkAccess;
import org.subnetp2p.transport.noise.NoiseException;

/**
 * One full Noise transport frame (65,519 bytes of plaintext, 65,535 on the wire: the "64 KiB
 * frame") through the project's {@code CipherState} and through the JDK's raw ChaCha20-Poly1305
 * {@link Cipher} on the same buffers. One operation is one frame: MiB/s = ops/s × 65,519 / 2^20.
 *
 * <p>{@code direct} picks heap or direct buffers; Netty's pooled allocator hands the codec direct
 * ones. {@link NoiseCodecBenchmark} adds the channel handler around the cipher.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NoiseCipherBenchmark {
  static final int PLAINTEXT = NoiseBenchmarkAccess.MAX_PLAINTEXT;
  static final int CIPHERTEXT = PLAINTEXT + NoiseBenchmarkAccess.TAG_LENGTH;

  @Param({"true", "false"})
  public boolean direct;

  private final byte[] key = new byte[NoiseBenchmarkAccess.KEY_LENGTH];
  private NoiseBenchmarkAccess.Cipher sender;
  private NoiseBenchmarkAccess.Cipher receiver;
  private ByteBuffer plaintext;
  private ByteBuffer ciphertext;
  private ByteBuffer sealedFrame; // ciphertext of nonce 0, for the decrypt benchmarks

  private Cipher jdk;
  private SecretKeySpec jdkKey;
  private final byte[] nonce = new byte[12];
  private long jdkCounter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    sender = NoiseBenchmarkAccess.cipher(key);
    receiver = NoiseBenchmarkAccess.cipher(key);
    plaintext = allocate(PLAINTEXT);
    for (int i = 0; i < PLAINTEXT; i++) {
      plaintext.put(i, (byte) i);
    }
    ciphertext = allocate(CIPHERTEXT);
    sealedFrame = allocate(CIPHERTEXT);
    NoiseBenchmarkAccess.cipher(key).encrypt(plaintext.duplicate(), sealedFrame.duplicate());

    jdk = Cipher.getInstance("ChaCha20-Poly1305");
    jdkKey = new SecretKeySpec(key, "ChaCha20");
  }

  private ByteBuffer allocate(int n) {
    return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
  }

  /** CipherState.encrypt: nonce, cipher init, AEAD seal. */
  @Benchmark
  public ByteBuffer cipherStateEncrypt() throws NoiseException {
    sender.encrypt(plaintext.clear(), ciphertext.clear());
    return ciphertext;
  }

  /** CipherState.decrypt of a valid frame (the nonce is rewound each time). */
  @Benchmark
  public ByteBuffer cipherStateDecrypt() throws NoiseException {
    receiver.setNonce(0);
    receiver.decrypt(sealedFrame.clear(), plaintext.clear());
    return plaintext;
  }

  /** The JDK's Cipher, on the same buffers: the floor CipherState adds its overhead to. */
  @Benchmark
  public ByteBuffer jdkEncrypt() throws GeneralSecurityException {
    long n = jdkCounter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (n >>> (8 * i));
    }
    jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nonce));
    jdk.doFinal(plaintext.clear(), ciphertext.clear());
    return ciphertext;
  }

  /** The JDK's Cipher decrypting (and authenticating) the same frame. */
  @Benchmark
  public ByteBuffer jdkDecrypt() throws GeneralSecurityException {
    jdk.init(Cipher.DECRYPT_MODE, jdkKey, new IvParameterSpec(new byte[12]));
    jdk.doFinal(sealedFrame.clear(), plaintext.clear());
    return plaintext;
  }
}
