package org.subnetp2p.bench.jmh;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
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

/**
 * The JDK's providers against BouncyCastle's lightweight API, primitive by primitive, on the
 * operations a Noise handshake and a secured connection do: X25519 key generation and DH, Ed25519
 * sign and verify, ChaCha20-Poly1305 seal and open. Only the raw primitives, no project code, so
 * that the choice per primitive rests on the libraries alone; {@code IdentityBenchmark} and the
 * handshake benchmark measure the project's code on top.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CryptoPrimitivesBenchmark {

  /** Keys and signatures for the public-key benchmarks. */
  @State(Scope.Thread)
  public static class Keys {
    final SecureRandom random = new SecureRandom();
    final byte[] data = new byte[56]; // "noise-libp2p-static-key:" + a 32-byte key

    KeyPairGenerator jdkX25519;
    PrivateKey jdkXPrivate;
    PublicKey jdkXRemote;
    final byte[] bcXPrivate = new byte[X25519.SCALAR_SIZE];
    final byte[] bcXRemote = new byte[X25519.POINT_SIZE];

    PrivateKey jdkEdPrivate;
    PublicKey jdkEdPublic;
    byte[] jdkEdSignature;
    final byte[] bcEdSeed = new byte[Ed25519.SECRET_KEY_SIZE];
    final byte[] bcEdPublic = new byte[Ed25519.PUBLIC_KEY_SIZE];
    final byte[] bcEdSignature = new byte[Ed25519.SIGNATURE_SIZE];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      random.nextBytes(data);
      jdkX25519 = KeyPairGenerator.getInstance("X25519");
      jdkXPrivate = jdkX25519.generateKeyPair().getPrivate();
      jdkXRemote = jdkX25519.generateKeyPair().getPublic();
      X25519.generatePrivateKey(random, bcXPrivate);
      byte[] otherPrivate = new byte[X25519.SCALAR_SIZE];
      X25519.generatePrivateKey(random, otherPrivate);
      X25519.generatePublicKey(otherPrivate, 0, bcXRemote, 0);

      KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      jdkEdPrivate = ed.getPrivate();
      jdkEdPublic = ed.getPublic();
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(jdkEdPrivate);
      signer.update(data);
      jdkEdSignature = signer.sign();
      Ed25519.generatePrivateKey(random, bcEdSeed);
      Ed25519.generatePublicKey(bcEdSeed, 0, bcEdPublic, 0);
      Ed25519.sign(bcEdSeed, 0, bcEdPublic, 0, null, data, 0, data.length, bcEdSignature, 0);
    }
  }

  @Benchmark
  public PublicKey x25519GenerateJdk(Keys k) {
    return k.jdkX25519.generateKeyPair().getPublic();
  }

  @Benchmark
  public byte[] x25519GenerateBc(Keys k) {
    byte[] privateKey = new byte[X25519.SCALAR_SIZE];
    byte[] publicKey = new byte[X25519.POINT_SIZE];
    X25519.generatePrivateKey(k.random, privateKey);
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  /** DH as the project needs it: the remote key arrives as 32 bytes and must be decoded first. */
  @Benchmark
  public byte[] x25519DhJdk(Keys k) throws Exception {
    BigInteger u = ((XECPublicKey) k.jdkXRemote).getU();
    PublicKey remote =
        KeyFactory.getInstance("X25519")
            .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(k.jdkXPrivate);
    agreement.doPhase(remote, true);
    return agreement.generateSecret();
  }

  @Benchmark
  public byte[] x25519DhBc(Keys k) {
    byte[] shared = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(k.bcXPrivate, 0, k.bcXRemote, 0, shared, 0)) {
      throw new IllegalStateException("all-zero shared secret");
    }
    return shared;
  }

  @Benchmark
  public byte[] ed25519SignJdk(Keys k) throws Exception {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(k.jdkEdPrivate);
    signer.update(k.data);
    return signer.sign();
  }

  @Benchmark
  public byte[] ed25519SignBc(Keys k) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(k.bcEdSeed, 0, k.bcEdPublic, 0, null, k.data, 0, k.data.length, signature, 0);
    return signature;
  }

  @Benchmark
  public boolean ed25519VerifyJdk(Keys k) throws Exception {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(k.jdkEdPublic);
    verifier.update(k.data);
    return verifier.verify(k.jdkEdSignature);
  }

  @Benchmark
  public boolean ed25519VerifyBc(Keys k) {
    return Ed25519.verify(k.bcEdSignature, 0, k.bcEdPublic, 0, k.data, 0, k.data.length);
  }

  /** A ChaCha20-Poly1305 message of {@code size} bytes under one key, a new nonce each time. */
  @State(Scope.Thread)
  public static class Aead {
    @Param({"64", "1024", "65519"})
    public int size;

    final byte[] key = new byte[32];
    final byte[] nonce = new byte[12];
    byte[] plaintext;
    byte[] ciphertext;
    byte[] sealed;
    Cipher jdk;
    SecretKeySpec jdkKey;
    final ChaCha20Poly1305 bc = new ChaCha20Poly1305();
    long counter;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      new SecureRandom().nextBytes(key);
      plaintext = new byte[size];
      ciphertext = new byte[size + 16];
      jdk = Cipher.getInstance("ChaCha20-Poly1305");
      jdkKey = new SecretKeySpec(key, "ChaCha20");
      jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nonce));
      sealed = jdk.doFinal(plaintext);
    }

    byte[] nextNonce() {
      long n = ++counter;
      for (int i = 0; i < 8; i++) {
        nonce[4 + i] = (byte) (n >>> (8 * i));
      }
      return nonce;
    }
  }

  @Benchmark
  public byte[] chachaSealJdk(Aead a) throws Exception {
    a.jdk.init(Cipher.ENCRYPT_MODE, a.jdkKey, new IvParameterSpec(a.nextNonce()));
    a.jdk.doFinal(a.plaintext, 0, a.size, a.ciphertext, 0);
    return a.ciphertext;
  }

  @Benchmark
  public byte[] chachaSealBc(Aead a) throws Exception {
    a.bc.init(true, new AEADParameters(new KeyParameter(a.key), 128, a.nextNonce()));
    int n = a.bc.processBytes(a.plaintext, 0, a.size, a.ciphertext, 0);
    a.bc.doFinal(a.ciphertext, n);
    return a.ciphertext;
  }

  @Benchmark
  public byte[] chachaOpenJdk(Aead a) throws Exception {
    a.jdk.init(Cipher.DECRYPT_MODE, a.jdkKey, new IvParameterSpec(new byte[12]));
    a.jdk.doFinal(a.sealed, 0, a.sealed.length, a.plaintext, 0);
    return a.plaintext;
  }

  @Benchmark
  public byte[] chachaOpenBc(Aead a) throws Exception {
    a.bc.init(false, new AEADParameters(new KeyParameter(a.key), 128, new byte[12]));
    int n = a.bc.processBytes(a.sealed, 0, a.sealed.length, a.plaintext, 0);
    a.bc.doFinal(a.plaintext, n);
    return a.plaintext;
  }

  /** SHA-256 of a handshake-sized input (Noise's MixHash). */
  @Benchmark
  public byte[] sha256Jdk(Keys k) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(k.data);
  }

  @Benchmark
  public byte[] sha256Bc(Keys k) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(k.data, 0, k.data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
