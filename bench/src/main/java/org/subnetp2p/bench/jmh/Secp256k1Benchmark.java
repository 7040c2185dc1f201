package org.subnetp2p.bench.jmh;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
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
import org.subnetp2p.core.identity.KeyType;
import org.subnetp2p.core.identity.Keys;
import org.subnetp2p.core.identity.PublicKey;

/**
 * secp256k1 keys of remote peers through the project's public API ({@code
 * org.subnetp2p.core.identity}): decode a key, verify a signature. Written against the API only, so
 * it runs unchanged before and after a change of the curve implementation. (Ed25519 through the
 * same API is in the Noise package's {@code HandshakeBenchmark}.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Secp256k1Benchmark {
  private final byte[] data = new byte[56];
  private PublicKey secp256k1;
  private byte[] secp256k1Raw;
  private byte[] secp256k1Signature;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    random.nextBytes(data);
    // The project only verifies secp256k1 signatures: make one with BouncyCastle (low S, DER).
    X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
    ECDomainParameters domain =
        new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    BigInteger d =
        new BigInteger(256, random).mod(curve.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    secp256k1Raw = curve.getG().multiply(d).normalize().getEncoded(true);
    byte[] hash = new byte[32];
    SHA256Digest sha = new SHA256Digest();
    sha.update(data, 0, data.length);
    sha.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, domain));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger s = rs[1].min(curve.getN().subtract(rs[1]));
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(rs[0]));
    v.add(new ASN1Integer(s));
    secp256k1Signature = new DERSequence(v).getEncoded();
    secp256k1 = Keys.publicKey(KeyType.SECP256K1, secp256k1Raw);
    if (!secp256k1.verify(data, secp256k1Signature)) {
      throw new IllegalStateException("the secp256k1 test signature does not verify");
    }
  }

  @Benchmark
  public boolean verify() {
    return secp256k1.verify(data, secp256k1Signature);
  }

  @Benchmark
  public PublicKey decode() {
    return Keys.publicKey(KeyType.SECP256K1, secp256k1Raw);
  }
}
